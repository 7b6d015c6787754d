#pragma once
// Private to builder/helm: Go's sort.Sort (pattern-defeating quicksort, as
// Go 1.19 and later implement it), step for step. go-yaml orders map keys
// with sort.Sort and a "natural" comparison that is not a strict weak order
// for every set of keys ("a1b", "a10" and "a01" together). std::sort may
// then run out of bounds; this sort, like Go's, always ends, with one of the
// orders Go itself produces (Go starts from map keys in random order, so
// Helm's output for such keys differs from run to run).
#include <bit>
#include <cstddef>
#include <cstdint>

namespace airlock::helm::detail {

template <typename Less, typename Swap> class GoSorter {
  public:
    GoSorter(Less less, Swap swap) : less_(less), swap_(swap) {}

    void sort(std::ptrdiff_t n) {
        if (n <= 1) {
            return;
        }
        const int limit = std::bit_width(static_cast<std::uint64_t>(n));
        pdqsort(0, n, limit);
    }

  private:
    enum class Hint { unknown, increasing, decreasing };

    void insertion_sort(std::ptrdiff_t a, std::ptrdiff_t b) {
        for (std::ptrdiff_t i = a + 1; i < b; ++i) {
            for (std::ptrdiff_t j = i; j > a && less_(j, j - 1); --j) {
                swap_(j, j - 1);
            }
        }
    }

    void sift_down(std::ptrdiff_t lo, std::ptrdiff_t hi, std::ptrdiff_t first) {
        std::ptrdiff_t root = lo;
        while (true) {
            std::ptrdiff_t child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && less_(first + child, first + child + 1)) {
                ++child;
            }
            if (!less_(first + root, first + child)) {
                return;
            }
            swap_(first + root, first + child);
            root = child;
        }
    }

    void heap_sort(std::ptrdiff_t a, std::ptrdiff_t b) {
        const std::ptrdiff_t first = a;
        const std::ptrdiff_t hi = b - a;
        for (std::ptrdiff_t i = (hi - 1) / 2; i >= 0; --i) {
            sift_down(i, hi, first);
        }
        for (std::ptrdiff_t i = hi - 1; i >= 0; --i) {
            swap_(first, first + i);
            sift_down(0, i, first);
        }
    }

    void pdqsort(std::ptrdiff_t a, std::ptrdiff_t b, int limit) {
        constexpr std::ptrdiff_t max_insertion = 12;
        bool was_balanced = true;
        bool was_partitioned = true;
        while (true) {
            const std::ptrdiff_t length = b - a;
            if (length <= max_insertion) {
                insertion_sort(a, b);
                return;
            }
            if (limit == 0) {
                heap_sort(a, b);
                return;
            }
            if (!was_balanced) {
                break_patterns(a, b);
                --limit;
            }
            auto [pivot, hint] = choose_pivot(a, b);
            if (hint == Hint::decreasing) {
                reverse_range(a, b);
                pivot = (b - 1) - (pivot - a);
                hint = Hint::increasing;
            }
            if (was_balanced && was_partitioned && hint == Hint::increasing) {
                if (partial_insertion_sort(a, b)) {
                    return;
                }
            }
            if (a > 0 && !less_(a - 1, pivot)) {
                a = partition_equal(a, b, pivot);
                continue;
            }
            const auto [mid, already_partitioned] = partition(a, b, pivot);
            was_partitioned = already_partitioned;
            const std::ptrdiff_t left = mid - a;
            const std::ptrdiff_t right = b - mid;
            const std::ptrdiff_t balance_threshold = length / 8;
            if (left < right) {
                was_balanced = left >= balance_threshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                was_balanced = right >= balance_threshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    struct Partitioned {
        std::ptrdiff_t mid;
        bool already;
    };

    Partitioned partition(std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t pivot) {
        swap_(a, pivot);
        std::ptrdiff_t i = a + 1;
        std::ptrdiff_t j = b - 1;
        while (i <= j && less_(i, a)) {
            ++i;
        }
        while (i <= j && !less_(j, a)) {
            --j;
        }
        if (i > j) {
            swap_(j, a);
            return {j, true};
        }
        swap_(i, j);
        ++i;
        --j;
        while (true) {
            while (i <= j && less_(i, a)) {
                ++i;
            }
            while (i <= j && !less_(j, a)) {
                --j;
            }
            if (i > j) {
                break;
            }
            swap_(i, j);
            ++i;
            --j;
        }
        swap_(j, a);
        return {j, false};
    }

    std::ptrdiff_t partition_equal(std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t pivot) {
        swap_(a, pivot);
        std::ptrdiff_t i = a + 1;
        std::ptrdiff_t j = b - 1;
        while (true) {
            while (i <= j && !less_(a, i)) {
                ++i;
            }
            while (i <= j && less_(a, j)) {
                --j;
            }
            if (i > j) {
                break;
            }
            swap_(i, j);
            ++i;
            --j;
        }
        return i;
    }

    bool partial_insertion_sort(std::ptrdiff_t a, std::ptrdiff_t b) {
        constexpr int max_steps = 5;
        constexpr std::ptrdiff_t shortest_shifting = 50;
        std::ptrdiff_t i = a + 1;
        for (int step = 0; step < max_steps; ++step) {
            while (i < b && !less_(i, i - 1)) {
                ++i;
            }
            if (i == b) {
                return true;
            }
            if (b - a < shortest_shifting) {
                return false;
            }
            swap_(i, i - 1);
            if (i - a >= 2) {
                for (std::ptrdiff_t j = i - 1; j >= 1; --j) {
                    if (!less_(j, j - 1)) {
                        break;
                    }
                    swap_(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (std::ptrdiff_t j = i + 1; j < b; ++j) {
                    if (!less_(j, j - 1)) {
                        break;
                    }
                    swap_(j, j - 1);
                }
            }
        }
        return false;
    }

    void break_patterns(std::ptrdiff_t a, std::ptrdiff_t b) {
        const std::ptrdiff_t length = b - a;
        if (length < 8) {
            return;
        }
        std::uint64_t random = static_cast<std::uint64_t>(length);
        const std::uint64_t modulus = std::uint64_t{1}
                                      << std::bit_width(static_cast<std::uint64_t>(length));
        for (std::ptrdiff_t idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1;
             ++idx) {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            auto other = static_cast<std::ptrdiff_t>(random & (modulus - 1));
            if (other >= length) {
                other -= length;
            }
            swap_(idx, a + other);
        }
    }

    struct Pivot {
        std::ptrdiff_t index;
        Hint hint;
    };

    Pivot choose_pivot(std::ptrdiff_t a, std::ptrdiff_t b) {
        constexpr std::ptrdiff_t shortest_ninther = 50;
        constexpr int max_swaps = 4 * 3;
        const std::ptrdiff_t l = b - a;
        int swaps = 0;
        std::ptrdiff_t i = a + l / 4 * 1;
        std::ptrdiff_t j = a + l / 4 * 2;
        std::ptrdiff_t k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortest_ninther) {
                i = median(i - 1, i, i + 1, swaps);
                j = median(j - 1, j, j + 1, swaps);
                k = median(k - 1, k, k + 1, swaps);
            }
            j = median(i, j, k, swaps);
        }
        if (swaps == 0) {
            return {j, Hint::increasing};
        }
        if (swaps == max_swaps) {
            return {j, Hint::decreasing};
        }
        return {j, Hint::unknown};
    }

    void order2(std::ptrdiff_t& a, std::ptrdiff_t& b, int& swaps) {
        if (less_(b, a)) {
            ++swaps;
            const std::ptrdiff_t t = a;
            a = b;
            b = t;
        }
    }

    std::ptrdiff_t median(std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t c, int& swaps) {
        order2(a, b, swaps);
        order2(b, c, swaps);
        order2(a, b, swaps);
        return b;
    }

    void reverse_range(std::ptrdiff_t a, std::ptrdiff_t b) {
        std::ptrdiff_t i = a;
        std::ptrdiff_t j = b - 1;
        while (i < j) {
            swap_(i, j);
            ++i;
            --j;
        }
    }

    Less less_;
    Swap swap_;
};

// sort.Sort over indices [0, n): less(i, j) and swap(i, j) as Go's
// sort.Interface has them.
template <typename Less, typename Swap> void go_sort(std::ptrdiff_t n, Less less, Swap swap) {
    GoSorter<Less, Swap>(less, swap).sort(n);
}

} // namespace airlock::helm::detail
