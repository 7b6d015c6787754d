// Go's regexp/syntax compiler: the same instruction shapes (so the same
// thread priorities), with x{n,m} expanded the way Go's Simplify does and a
// nullable x* compiled as (x+)? (golang.org/issue/46123).
#include "common/core/error.hpp"
#include "common/goregexp/detail/program.hpp"

namespace airlock::goregexp::detail {

namespace {

// Go refuses programs past ~3M instructions; we stop earlier, since each
// instruction costs the VM a capture row per thread.
constexpr std::size_t max_insts = 1'000'000;

struct Hole {
    std::uint32_t inst;
    bool arg; // patch Inst::arg rather than Inst::out
};

struct Frag {
    std::uint32_t start = 0;
    std::vector<Hole> out;
    bool nullable = false;
};

class Compiler {
  public:
    Program program;

    Compiler() { program.insts.emplace_back(); } // pc 0 fails

    Frag compile(const Node& n) {
        switch (n.op) {
        case NodeOp::no_match:
            return Frag{0, {}, false};
        case NodeOp::empty_match: {
            auto i = inst(InstOp::nop);
            return Frag{i, {{i, false}}, true};
        }
        case NodeOp::literal:
        case NodeOp::char_class: {
            auto i = inst(InstOp::rune);
            program.insts[i].ranges = n.ranges;
            return Frag{i, {{i, false}}, false};
        }
        case NodeOp::any_char:
        case NodeOp::any_char_not_nl: {
            auto i = inst(n.op == NodeOp::any_char ? InstOp::rune_any : InstOp::rune_any_not_nl);
            return Frag{i, {{i, false}}, false};
        }
        case NodeOp::empty_width: {
            auto i = inst(InstOp::empty_width);
            program.insts[i].arg = n.empty;
            return Frag{i, {{i, false}}, true};
        }
        case NodeOp::capture: {
            auto open = inst(InstOp::capture);
            program.insts[open].arg = static_cast<std::uint32_t>(2 * n.cap);
            Frag sub = compile(n.subs[0]);
            auto close = inst(InstOp::capture);
            program.insts[close].arg = static_cast<std::uint32_t>(2 * n.cap + 1);
            program.insts[open].out = sub.start;
            patch(sub.out, close);
            return Frag{open, {{close, false}}, sub.nullable};
        }
        case NodeOp::star:
            return star(compile(n.subs[0]), n.non_greedy);
        case NodeOp::plus:
            return plus(compile(n.subs[0]), n.non_greedy);
        case NodeOp::quest:
            return quest(compile(n.subs[0]), n.non_greedy);
        case NodeOp::repeat:
            return repeat(n);
        case NodeOp::concat: {
            Frag f = compile(n.subs[0]);
            for (std::size_t k = 1; k < n.subs.size(); ++k) {
                f = cat(std::move(f), compile(n.subs[k]));
            }
            return f;
        }
        case NodeOp::alternate: {
            // a|b|c as a|(b|c): earlier alternatives have priority.
            Frag f = compile(n.subs.back());
            for (std::size_t k = n.subs.size() - 1; k-- > 0;) {
                f = alt(compile(n.subs[k]), std::move(f));
            }
            return f;
        }
        }
        return Frag{};
    }

    void patch(const std::vector<Hole>& holes, std::uint32_t target) {
        for (const auto& h : holes) {
            auto& i = program.insts[h.inst];
            (h.arg ? i.arg : i.out) = target;
        }
    }

  private:
    std::uint32_t inst(InstOp op) {
        if (program.insts.size() >= max_insts) {
            fail(ErrorCode::spec, "error parsing regexp: expression too large");
        }
        program.insts.emplace_back();
        program.insts.back().op = op;
        return static_cast<std::uint32_t>(program.insts.size() - 1);
    }

    Frag cat(Frag a, Frag b) {
        if (a.start == 0 || b.start == 0) {
            return Frag{0, {}, false};
        }
        patch(a.out, b.start);
        return Frag{a.start, std::move(b.out), a.nullable && b.nullable};
    }

    Frag alt(Frag a, Frag b) {
        if (a.start == 0) {
            return b;
        }
        if (b.start == 0) {
            return a;
        }
        auto i = inst(InstOp::alt);
        program.insts[i].out = a.start;
        program.insts[i].arg = b.start;
        Frag f{i, std::move(a.out), a.nullable || b.nullable};
        f.out.insert(f.out.end(), b.out.begin(), b.out.end());
        return f;
    }

    Frag quest(Frag a, bool non_greedy) {
        auto i = inst(InstOp::alt);
        Frag f{i, {}, true};
        if (non_greedy) {
            program.insts[i].arg = a.start;
            f.out.push_back({i, false});
        } else {
            program.insts[i].out = a.start;
            f.out.push_back({i, true});
        }
        f.out.insert(f.out.end(), a.out.begin(), a.out.end());
        return f;
    }

    // The loop of x* or x+: nullable as x* is (plus() narrows it to x's).
    Frag loop(const Frag& a, bool non_greedy) {
        auto i = inst(InstOp::alt);
        Frag f{i, {}, true};
        if (non_greedy) {
            program.insts[i].arg = a.start;
            f.out.push_back({i, false});
        } else {
            program.insts[i].out = a.start;
            f.out.push_back({i, true});
        }
        patch(a.out, i);
        return f;
    }

    Frag star(Frag a, bool non_greedy) {
        if (a.nullable) {
            return quest(plus(std::move(a), non_greedy), non_greedy);
        }
        return loop(a, non_greedy);
    }

    Frag plus(Frag a, bool non_greedy) {
        Frag l = loop(a, non_greedy);
        return Frag{a.start, std::move(l.out), a.nullable};
    }

    Frag empty() {
        auto i = inst(InstOp::nop);
        return Frag{i, {{i, false}}, true};
    }

    // Go's Simplify of x{n,m}: n copies of x, then m-n nested optional
    // copies (x{2,5} = xx(x(x(x)?)?)?); x{n,} = n-1 copies and x+.
    Frag repeat(const Node& n) {
        const Node& sub = n.subs[0];
        bool ng = n.non_greedy;
        if (n.max < 0) {
            if (n.min == 0) {
                return star(compile(sub), ng);
            }
            if (n.min == 1) {
                return plus(compile(sub), ng);
            }
            Frag f = compile(sub);
            for (int k = 1; k < n.min - 1; ++k) {
                f = cat(std::move(f), compile(sub));
            }
            return cat(std::move(f), plus(compile(sub), ng));
        }
        if (n.min == 0 && n.max == 0) {
            return empty();
        }
        if (n.min == 1 && n.max == 1) {
            return compile(sub);
        }
        std::optional<Frag> prefix;
        for (int k = 0; k < n.min; ++k) {
            Frag c = compile(sub);
            prefix = prefix ? cat(std::move(*prefix), std::move(c)) : std::move(c);
        }
        if (n.max > n.min) {
            // Built inside out: (x(x)?)? ...
            std::optional<Frag> suffix;
            for (int k = n.min; k < n.max; ++k) {
                Frag c = compile(sub);
                if (suffix) {
                    c = cat(std::move(c), std::move(*suffix));
                }
                suffix = quest(std::move(c), ng);
            }
            prefix = prefix ? cat(std::move(*prefix), std::move(*suffix)) : std::move(*suffix);
        }
        return std::move(*prefix);
    }
};

void analyse_start(Program& p) {
    // Follow the single path from the start through captures and no-ops:
    // a \A there anchors every match; literal runes there start every match.
    std::uint32_t pc = p.start;
    for (std::size_t guard = 0; guard < p.insts.size(); ++guard) {
        const Inst& i = p.insts[pc];
        if (i.op == InstOp::nop || i.op == InstOp::capture) {
            pc = i.out;
            continue;
        }
        if (i.op == InstOp::empty_width && (i.arg & empty_begin_text) != 0) {
            p.anchored_start = true;
        }
        break;
    }
    for (std::size_t guard = 0; guard < p.insts.size(); ++guard) {
        const Inst& i = p.insts[pc];
        if (i.op == InstOp::nop || i.op == InstOp::capture) {
            pc = i.out;
            continue;
        }
        if (i.op == InstOp::rune && i.ranges.size() == 2 && i.ranges[0] == i.ranges[1]) {
            append_utf8(p.prefix, i.ranges[0]);
            pc = i.out;
            continue;
        }
        break;
    }
}

} // namespace

bool Inst::matches_rune(char32_t r) const {
    if (ranges.size() <= 8) {
        for (std::size_t k = 0; k < ranges.size(); k += 2) {
            if (r < ranges[k]) {
                return false;
            }
            if (r <= ranges[k + 1]) {
                return true;
            }
        }
        return false;
    }
    std::size_t lo = 0, hi = ranges.size() / 2;
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (r < ranges[2 * mid]) {
            hi = mid;
        } else if (r > ranges[2 * mid + 1]) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

Program compile(const Parsed& parsed) {
    Compiler c;
    Frag f = c.compile(parsed.root);
    c.program.insts.emplace_back();
    c.program.insts.back().op = InstOp::match;
    auto match = static_cast<std::uint32_t>(c.program.insts.size() - 1);
    c.patch(f.out, match);
    c.program.start = f.start;
    c.program.num_cap = parsed.num_cap;
    c.program.names = parsed.names;
    analyse_start(c.program);
    return std::move(c.program);
}

} // namespace airlock::goregexp::detail
