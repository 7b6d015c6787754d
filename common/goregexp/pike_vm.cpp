// The Pike VM of Go's regexp (its "NFA" matcher): every thread advances in
// lockstep over the input, at most one thread per instruction, in priority
// order, so the leftmost-first match is found in time linear in the input.
#include "common/goregexp/detail/program.hpp"

#include <algorithm>
#include <tuple>

namespace airlock::goregexp::detail {

std::pair<char32_t, std::size_t> decode_rune(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) {
        return {0, 0};
    }
    auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    auto cont = [&](std::size_t k) -> int {
        if (pos + k >= s.size()) {
            return -1;
        }
        auto b = static_cast<unsigned char>(s[pos + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        int c1 = cont(1);
        if (c1 >= 0) {
            return {static_cast<char32_t>(((b0 & 0x1F) << 6) | c1), 2};
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        int c1 = cont(1);
        int c2 = cont(2);
        if (c1 >= 0 && c2 >= 0) {
            char32_t r = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
            if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) {
                return {r, 3};
            }
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        int c1 = cont(1);
        int c2 = cont(2);
        int c3 = cont(3);
        if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
            char32_t r = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
            if (r >= 0x10000 && r <= max_rune) {
                return {r, 4};
            }
        }
    }
    return {rune_error, 1};
}

void append_utf8(std::string& out, char32_t r) {
    if (r > max_rune || (r >= 0xD800 && r <= 0xDFFF)) {
        r = rune_error;
    }
    if (r < 0x80) {
        out.push_back(static_cast<char>(r));
    } else if (r < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (r >> 6)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (r >> 12)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (r >> 18)));
        out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    }
}

namespace {

bool is_word_byte(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// Go's EmptyOpContext at byte offset pos. Only ASCII runes are word
// characters or newlines, so the bytes either side decide.
std::uint8_t context_at(std::string_view s, std::size_t pos) {
    std::uint8_t flags = 0;
    int before = pos == 0 ? -1 : static_cast<unsigned char>(s[pos - 1]);
    int after = pos >= s.size() ? -1 : static_cast<unsigned char>(s[pos]);
    if (before < 0) {
        flags |= empty_begin_text | empty_begin_line;
    } else if (before == '\n') {
        flags |= empty_begin_line;
    }
    if (after < 0) {
        flags |= empty_end_text | empty_end_line;
    } else if (after == '\n') {
        flags |= empty_end_line;
    }
    flags |=
        is_word_byte(before) != is_word_byte(after) ? empty_word_boundary : empty_no_word_boundary;
    return flags;
}

// The threads of one input position: a sparse set of pcs in priority order,
// each with its capture row.
class Queue {
  public:
    Queue(std::size_t ninst, std::size_t ncap)
        : sparse_(ninst, 0), dense_pc_(), has_thread_(), caps_(), ncap_(ncap) {
        dense_pc_.reserve(ninst);
        has_thread_.reserve(ninst);
        caps_.resize(ninst * ncap);
    }

    bool contains(std::uint32_t pc) const {
        auto j = sparse_[pc];
        return j < dense_pc_.size() && dense_pc_[j] == pc;
    }
    std::size_t insert(std::uint32_t pc) {
        sparse_[pc] = static_cast<std::uint32_t>(dense_pc_.size());
        dense_pc_.push_back(pc);
        has_thread_.push_back(false);
        return dense_pc_.size() - 1;
    }
    void clear() {
        dense_pc_.clear();
        has_thread_.clear();
    }
    std::size_t size() const { return dense_pc_.size(); }
    bool empty() const { return dense_pc_.empty(); }
    std::uint32_t pc(std::size_t j) const { return dense_pc_[j]; }
    bool has_thread(std::size_t j) const { return has_thread_[j]; }
    void set_thread(std::size_t j) { has_thread_[j] = true; }
    std::ptrdiff_t* caps(std::size_t j) { return caps_.data() + j * ncap_; }
    void truncate(std::size_t n) {
        dense_pc_.resize(n);
        has_thread_.resize(n);
    }

  private:
    std::vector<std::uint32_t> sparse_;
    std::vector<std::uint32_t> dense_pc_;
    std::vector<bool> has_thread_;
    std::vector<std::ptrdiff_t> caps_;
    std::size_t ncap_;
};

class Machine {
  public:
    Machine(const Program& p, std::size_t ncap)
        : p_(p), ncap_(ncap), run_(p.insts.size(), ncap), next_(p.insts.size(), ncap),
          scratch_(ncap, -1), match_caps_(ncap, -1) {}

    std::optional<std::vector<std::ptrdiff_t>> run(std::string_view s, std::size_t pos) {
        Queue* runq = &run_;
        Queue* nextq = &next_;
        auto [r, width] = decode_rune(s, pos);
        std::uint8_t flag = context_at(s, pos);
        for (;;) {
            if (runq->empty()) {
                if (p_.anchored_start && pos != 0) {
                    break;
                }
                if (matched_) {
                    break;
                }
                if (!p_.prefix.empty() && !p_.anchored_start) {
                    auto found = s.find(p_.prefix, pos);
                    if (found == std::string_view::npos) {
                        break;
                    }
                    if (found != pos) {
                        pos = found;
                        std::tie(r, width) = decode_rune(s, pos);
                        flag = context_at(s, pos);
                    }
                }
            }
            if (!matched_ && (pos == 0 || !p_.anchored_start)) {
                std::fill(scratch_.begin(), scratch_.end(), -1);
                if (ncap_ > 0) {
                    scratch_[0] = static_cast<std::ptrdiff_t>(pos);
                }
                add(*runq, p_.start, pos, flag);
            }
            std::size_t next_pos = pos + width;
            std::uint8_t next_flag = context_at(s, next_pos);
            step(*runq, *nextq, pos, next_pos, r, width > 0, next_flag);
            if (width == 0) {
                break;
            }
            if (ncap_ == 0 && matched_) {
                break;
            }
            pos = next_pos;
            std::tie(r, width) = decode_rune(s, pos);
            flag = next_flag;
            std::swap(runq, nextq);
        }
        if (!matched_) {
            return std::nullopt;
        }
        return match_caps_;
    }

  private:
    const Program& p_;
    std::size_t ncap_;
    Queue run_;
    Queue next_;
    std::vector<std::ptrdiff_t> scratch_; // the capture row being followed
    std::vector<std::ptrdiff_t> match_caps_;
    bool matched_ = false;

    struct Job {
        std::uint32_t pc;
        std::uint32_t slot; // restore job when pc == 0
        std::ptrdiff_t old;
    };
    std::vector<Job> stack_;

    // Follows empty transitions from pc with scratch_ as the captures,
    // adding a thread for every instruction that consumes a rune or matches.
    void add(Queue& q, std::uint32_t pc0, std::size_t pos, std::uint8_t flag) {
        stack_.clear();
        stack_.push_back({pc0, 0, 0});
        while (!stack_.empty()) {
            Job job = stack_.back();
            stack_.pop_back();
            if (job.pc == 0) {
                if (job.slot != UINT32_MAX) {
                    scratch_[job.slot] = job.old;
                }
                continue;
            }
            std::uint32_t pc = job.pc;
            while (pc != 0 && !q.contains(pc)) {
                std::size_t j = q.insert(pc);
                const Inst& i = p_.insts[pc];
                switch (i.op) {
                case InstOp::fail:
                    pc = 0;
                    break;
                case InstOp::alt:
                    stack_.push_back({i.arg, UINT32_MAX, 0});
                    pc = i.out;
                    break;
                case InstOp::empty_width:
                    pc = (i.arg & ~flag) == 0 ? i.out : 0;
                    break;
                case InstOp::nop:
                    pc = i.out;
                    break;
                case InstOp::capture:
                    if (i.arg < ncap_) {
                        stack_.push_back({0, i.arg, scratch_[i.arg]});
                        scratch_[i.arg] = static_cast<std::ptrdiff_t>(pos);
                    }
                    pc = i.out;
                    break;
                default:
                    q.set_thread(j);
                    std::copy(scratch_.begin(), scratch_.end(), q.caps(j));
                    pc = 0;
                    break;
                }
            }
        }
    }

    void step(Queue& runq, Queue& nextq, std::size_t pos, std::size_t next_pos, char32_t r,
              bool have_rune, std::uint8_t next_flag) {
        for (std::size_t j = 0; j < runq.size(); ++j) {
            if (!runq.has_thread(j)) {
                continue;
            }
            const Inst& i = p_.insts[runq.pc(j)];
            bool advance = false;
            switch (i.op) {
            case InstOp::match: {
                std::ptrdiff_t* caps = runq.caps(j);
                if (ncap_ > 0) {
                    caps[1] = static_cast<std::ptrdiff_t>(pos);
                    std::copy(caps, caps + ncap_, match_caps_.begin());
                }
                matched_ = true;
                // Leftmost-first: threads of lower priority can only find
                // worse matches.
                runq.truncate(j + 1);
                break;
            }
            case InstOp::rune:
                advance = have_rune && i.matches_rune(r);
                break;
            case InstOp::rune_any:
                advance = have_rune;
                break;
            case InstOp::rune_any_not_nl:
                advance = have_rune && r != '\n';
                break;
            default:
                break;
            }
            if (advance) {
                std::ptrdiff_t* caps = runq.caps(j);
                std::copy(caps, caps + ncap_, scratch_.begin());
                add(nextq, i.out, next_pos, next_flag);
            }
        }
        runq.clear();
    }
};

} // namespace

std::optional<std::vector<std::ptrdiff_t>> execute(const Program& program, std::string_view input,
                                                   std::size_t pos, std::size_t ncap) {
    if (pos > input.size()) {
        return std::nullopt;
    }
    Machine m(program, ncap);
    return m.run(input, pos);
}

} // namespace airlock::goregexp::detail
