// The Pike VM of Go's regexp (its "NFA" matcher): every thread advances in
// lockstep over the input, at most one thread per instruction, in priority
// order, so the leftmost-first match is found in time linear in the input.
#include "common/goregexp/detail/program.hpp"

#include <algorithm>
#include <memory>
#include <tuple>

namespace airlock::goregexp::detail {

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

} // namespace

// The threads of one input position: a sparse set of pcs in priority order,
// each with a flag (does it hold a thread) and its capture row. Plain arrays:
// this is the hot loop, and unit tests run it unoptimised.
struct VmQueue {
    std::unique_ptr<std::uint32_t[]> sparse;
    std::unique_ptr<std::uint32_t[]> pcs;
    std::unique_ptr<std::uint8_t[]> thread;
    // Capture rows, grown as threads are added: a program can have many
    // instructions and groups, but few threads are alive at once.
    std::vector<std::ptrdiff_t> caps;
    std::uint32_t size = 0;

    VmQueue(std::size_t ninst, std::size_t ncap)
        : sparse(new std::uint32_t[ninst]()), pcs(new std::uint32_t[ninst]()),
          thread(new std::uint8_t[ninst]()), caps(std::min<std::size_t>(ninst, 16) * ncap + 1) {}
};

struct VmJob {
    std::uint32_t pc;   // 0: restore a capture slot
    std::uint32_t slot; // UINT32_MAX: nothing to restore
    std::ptrdiff_t old;
};

struct Matcher::State {
    const Program& p;
    std::size_t ncap;
    VmQueue a;
    VmQueue b;
    std::unique_ptr<std::ptrdiff_t[]> scratch; // the capture row being followed
    std::vector<std::ptrdiff_t> match_caps;
    std::unique_ptr<VmJob[]> stack;
    bool matched = false;

    State(const Program& program, std::size_t n)
        : p(program), ncap(n), a(program.insts.size(), n), b(program.insts.size(), n),
          scratch(new std::ptrdiff_t[n + 1]()), match_caps(n, -1),
          stack(new VmJob[2 * program.insts.size() + 2]) {}

    // Follows empty transitions from pc0 with scratch as the captures,
    // adding a thread for every instruction that consumes a rune or matches.
    void add(VmQueue& q, std::uint32_t pc0, std::size_t pos, std::uint8_t flag) {
        const Inst* insts = p.insts.data();
        std::uint32_t* sparse = q.sparse.get();
        std::uint32_t* pcs = q.pcs.get();
        std::ptrdiff_t* sc = scratch.get();
        VmJob* st = stack.get();
        std::size_t top = 0;
        st[top++] = VmJob{pc0, UINT32_MAX, 0};
        while (top > 0) {
            VmJob job = st[--top];
            if (job.pc == 0) {
                if (job.slot != UINT32_MAX) {
                    sc[job.slot] = job.old;
                }
                continue;
            }
            std::uint32_t pc = job.pc;
            while (pc != 0) {
                std::uint32_t j = sparse[pc];
                if (j < q.size && pcs[j] == pc) {
                    break;
                }
                j = q.size++;
                sparse[pc] = j;
                pcs[j] = pc;
                q.thread[j] = 0;
                const Inst& i = insts[pc];
                switch (i.op) {
                case InstOp::fail:
                    pc = 0;
                    break;
                case InstOp::alt:
                    st[top++] = VmJob{i.arg, UINT32_MAX, 0};
                    pc = i.out;
                    break;
                case InstOp::empty_width:
                    pc = (i.arg & ~static_cast<std::uint32_t>(flag)) == 0 ? i.out : 0;
                    break;
                case InstOp::nop:
                    pc = i.out;
                    break;
                case InstOp::capture:
                    if (i.arg < ncap) {
                        st[top++] = VmJob{0, i.arg, sc[i.arg]};
                        sc[i.arg] = static_cast<std::ptrdiff_t>(pos);
                    }
                    pc = i.out;
                    break;
                default:
                    q.thread[j] = 1;
                    if (ncap > 0) {
                        if (q.caps.size() < (j + 1) * ncap) {
                            q.caps.resize(std::max(q.caps.size() * 2, (j + 1) * ncap));
                        }
                        std::ptrdiff_t* row = q.caps.data() + j * ncap;
                        for (std::size_t k = 0; k < ncap; ++k) {
                            row[k] = sc[k];
                        }
                    }
                    pc = 0;
                    break;
                }
            }
        }
    }

    void step(VmQueue& runq, VmQueue& nextq, std::size_t pos, std::size_t next_pos, char32_t r,
              bool have_rune, std::uint8_t next_flag) {
        const Inst* insts = p.insts.data();
        for (std::uint32_t j = 0; j < runq.size; ++j) {
            if (runq.thread[j] == 0) {
                continue;
            }
            const Inst& i = insts[runq.pcs[j]];
            bool advance = false;
            switch (i.op) {
            case InstOp::match: {
                if (ncap > 0) {
                    std::ptrdiff_t* row = runq.caps.data() + j * ncap;
                    row[1] = static_cast<std::ptrdiff_t>(pos);
                    std::copy(row, row + ncap, match_caps.begin());
                }
                matched = true;
                // Leftmost-first: threads of lower priority can only find
                // worse matches.
                runq.size = j + 1;
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
                if (ncap > 0) {
                    std::ptrdiff_t* row = runq.caps.data() + j * ncap;
                    std::copy(row, row + ncap, scratch.get());
                }
                add(nextq, i.out, next_pos, next_flag);
            }
        }
        runq.size = 0;
    }

    std::optional<std::vector<std::ptrdiff_t>> run(std::string_view s, std::size_t pos) {
        matched = false;
        a.size = 0;
        b.size = 0;
        VmQueue* runq = &a;
        VmQueue* nextq = &b;
        auto [r, width] = decode_rune(s, pos);
        std::uint8_t flag = context_at(s, pos);
        for (;;) {
            if (runq->size == 0) {
                if (matched || (p.anchored_start && pos != 0)) {
                    break;
                }
                if (!p.prefix.empty() && !p.anchored_start) {
                    auto found = s.find(p.prefix, pos);
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
            if (!matched && (pos == 0 || !p.anchored_start)) {
                std::fill(scratch.get(), scratch.get() + ncap, -1);
                if (ncap > 0) {
                    scratch[0] = static_cast<std::ptrdiff_t>(pos);
                }
                add(*runq, p.start, pos, flag);
            }
            std::size_t next_pos = pos + width;
            std::uint8_t next_flag = context_at(s, next_pos);
            step(*runq, *nextq, pos, next_pos, r, width > 0, next_flag);
            if (width == 0 || (ncap == 0 && matched)) {
                break;
            }
            pos = next_pos;
            std::tie(r, width) = decode_rune(s, pos);
            flag = next_flag;
            std::swap(runq, nextq);
        }
        if (!matched) {
            return std::nullopt;
        }
        return match_caps;
    }
};

Matcher::Matcher(const Program& program, std::size_t ncap)
    : state_(std::make_unique<State>(program, ncap)) {}

Matcher::~Matcher() = default;

std::optional<std::vector<std::ptrdiff_t>> Matcher::run(std::string_view input, std::size_t pos) {
    if (pos > input.size()) {
        return std::nullopt;
    }
    return state_->run(input, pos);
}

namespace {} // namespace

std::optional<std::vector<std::ptrdiff_t>> execute(const Program& program, std::string_view input,
                                                   std::size_t pos, std::size_t ncap) {
    if (pos > input.size()) {
        return std::nullopt;
    }
    return Matcher(program, ncap).run(input, pos);
}

} // namespace airlock::goregexp::detail
