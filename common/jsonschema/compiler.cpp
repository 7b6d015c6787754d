#include "common/jsonschema/detail/compiler.hpp"

#include "common/core/error.hpp"
#include "common/jsonschema/detail/metaschemas.hpp"
#include "common/jsonschema/detail/text.hpp"
#include "common/jsonschema/detail/url.hpp"
#include "common/jsonschema/detail/validator.hpp"

#include <array>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

namespace airlock::jsonschema::detail {

namespace {

using json = nlohmann::json;

constexpr int kDefaultDraft = 2020; // santhosh's latest, used without $schema

[[noreturn]] void compile_error(std::string message) {
    std::string line = message;
    throw CompileFailure{std::move(message), std::move(line)};
}

// ---- drafts -------------------------------------------------------------------

int draft_from_url(std::string_view url) {
    const auto [base, fragment] = split_fragment(url);
    if (!fragment.empty()) {
        return 0;
    }
    std::string_view u = base;
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (u.substr(0, scheme.size()) == scheme) {
            u.remove_prefix(scheme.size());
            break;
        }
    }
    if (u == "json-schema.org/schema" || u == "json-schema.org/draft/2020-12/schema") {
        return 2020;
    }
    if (u == "json-schema.org/draft/2019-09/schema") {
        return 2019;
    }
    if (u == "json-schema.org/draft-07/schema") {
        return 7;
    }
    if (u == "json-schema.org/draft-06/schema") {
        return 6;
    }
    if (u == "json-schema.org/draft-04/schema") {
        return 4;
    }
    return 0;
}

const char* draft_url(int draft) {
    switch (draft) {
    case 4:
        return "http://json-schema.org/draft-04/schema";
    case 6:
        return "http://json-schema.org/draft-06/schema";
    case 7:
        return "http://json-schema.org/draft-07/schema";
    case 2019:
        return "https://json-schema.org/draft/2019-09/schema";
    default:
        return "https://json-schema.org/draft/2020-12/schema";
    }
}

const char* id_keyword(int draft) {
    return draft == 4 ? "id" : "$id";
}

// Where each draft keeps subschemas: "name" (one), "name/*" (an object of
// them) or "name/[]" (an array of them).
const std::vector<std::string_view>& subschema_paths(int draft) {
    static const std::vector<std::string_view> d4 = {"definitions/*",
                                                     "not",
                                                     "allOf/[]",
                                                     "anyOf/[]",
                                                     "oneOf/[]",
                                                     "properties/*",
                                                     "additionalProperties",
                                                     "patternProperties/*",
                                                     "items",
                                                     "items/[]",
                                                     "additionalItems",
                                                     "dependencies/*"};
    static const auto d6 = [] {
        auto v = d4;
        v.insert(v.end(), {"propertyNames", "contains"});
        return v;
    }();
    static const auto d7 = [] {
        auto v = d6;
        v.insert(v.end(), {"if", "then", "else"});
        return v;
    }();
    static const auto d2019 = [] {
        auto v = d7;
        v.insert(v.end(), {"$defs/*", "dependentSchemas/*", "unevaluatedProperties",
                           "unevaluatedItems", "contentSchema"});
        return v;
    }();
    static const auto d2020 = [] {
        auto v = d2019;
        v.push_back("prefixItems/[]");
        return v;
    }();
    switch (draft) {
    case 4:
        return d4;
    case 6:
        return d6;
    case 7:
        return d7;
    case 2019:
        return d2019;
    default:
        return d2020;
    }
}

const std::string* string_member(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// The id of a schema object, fragment dropped; "" for none. Before 2019-09
// the siblings of $ref do not count.
std::string schema_id(int draft, const json& obj) {
    if (draft < 2019 && obj.contains("$ref")) {
        return "";
    }
    const std::string* id = string_member(obj, id_keyword(draft));
    return id == nullptr ? "" : std::string(split_fragment(*id).first);
}

std::string url_ptr(std::string_view url, std::string_view ptr) {
    return std::string(url) + "#" + encode_fragment(ptr);
}

struct UrlFrag {
    std::string url;
    std::string fragment; // decoded
};

// santhosh's splitFragment: the fragment %-decoded.
UrlFrag split_decoded(std::string_view s) {
    const auto [url, fragment] = split_fragment(s);
    UrlFrag out{std::string(url), {}};
    std::size_t pct = 0;
    if (!path_unescape(fragment, out.fragment, &pct)) {
        const std::string_view bad = fragment.substr(pct, 3);
        compile_error("error in parsing " + go_quote(s) + ": invalid URL escape " + go_quote(bad));
    }
    return out;
}

// base joined with ref, as url.ResolveReference spells the result.
UrlFrag join(std::string_view base, std::string_view ref) {
    GoUrl base_url;
    if (auto err = parse_url(base, base_url)) {
        compile_error("error in parsing " + go_quote(base) + ": " + *err);
    }
    UrlFrag r = split_decoded(ref);
    GoUrl ref_url;
    if (auto err = parse_url(r.url, ref_url)) {
        compile_error("error in parsing " + go_quote(r.url) + ": " + *err);
    }
    r.url = resolve_reference(base_url, ref_url).str();
    return r;
}

bool is_pointer_fragment(std::string_view fragment) {
    return fragment.empty() || fragment[0] == '/';
}

// ---- documents and resources ---------------------------------------------

struct Resource {
    std::string ptr;
    std::string id;
    int draft = kDefaultDraft;
    std::map<std::string, std::string, std::less<>> anchors; // name -> pointer
    std::vector<std::string> dynamic_anchors;
};

struct Root {
    std::string url;
    const json* doc = nullptr;
    bool is_meta = false;
    std::map<std::string, Resource, std::less<>> resources; // by pointer
    std::unordered_set<std::string> processed;

    Resource& resource_for(std::string_view ptr) {
        if (resources.size() == 1) {
            return resources.begin()->second;
        }
        while (true) {
            if (const auto it = resources.find(ptr); it != resources.end()) {
                return it->second;
            }
            const std::size_t slash = ptr.rfind('/');
            if (slash == std::string_view::npos) {
                return resources.at("");
            }
            ptr = ptr.substr(0, slash);
        }
    }
    Resource* resource_by_id(std::string_view id) {
        for (auto& [ptr, res] : resources) {
            if (res.id == id) {
                return &res;
            }
        }
        return nullptr;
    }
};

// ---- the compiler --------------------------------------------------------------

class Compiler {
  public:
    Compiler(std::shared_ptr<const RegexEngine> engine, bool assert_format, bool check_meta)
        : engine_(std::move(engine)), assert_format_(assert_format), check_meta_(check_meta),
          out_(std::make_shared<Compiled>()) {
        out_->regex_engine = engine_;
    }

    void add_document(const std::string& url, const json& doc) { add_root(url, doc, false); }

    // Compiles the schema at `url` (a loaded document's root) and all it
    // reaches.
    const Node* compile(const std::string& url) {
        Root& root = load(url);
        Node* node = enqueue(root.url, resolve_in(root, "", root.resources.at("")));
        run_queue();
        return node;
    }

    int root_draft(const std::string& url) { return load(url).resources.at("").draft; }

    std::shared_ptr<Compiled> result() { return out_; }

  private:
    Root& load(const std::string& url) {
        if (const auto it = roots_.find(url); it != roots_.end()) {
            return it->second;
        }
        if (const json* meta = metaschema_document(url)) {
            return add_root(url, *meta, true);
        }
        if (url.rfind("urn:", 0) == 0) {
            // Helm's urn loader: an unresolved URN is the permissive schema.
            static const json permissive = true;
            out_->warnings.push_back("unresolved URN reference ignored; using permissive schema: " +
                                     url);
            return add_root(url, permissive, false);
        }
        compile_error("failing loading " + go_quote(url) + ": remote references are not fetched");
    }

    Root& add_root(const std::string& url, const json& doc, bool is_meta) {
        Root root;
        root.url = url;
        root.doc = &doc;
        root.is_meta = is_meta;
        collect_resources(root, doc, url, "", kDefaultDraft);
        if (!is_meta && check_meta_) {
            check_against_meta(doc, root.resources.at("").draft, url_ptr(url, ""));
        }
        return roots_.emplace(url, std::move(root)).first->second;
    }

    // The draft a schema object declares; `ptr` locates it in `root_url`.
    int draft_of(const std::string& root_url, const std::string& ptr, const json& obj, int fallback,
                 std::set<std::string>& seen) {
        const std::string* schema = string_member(obj, "$schema");
        if (schema == nullptr) {
            return fallback;
        }
        if (const int d = draft_from_url(*schema)) {
            return d;
        }
        const std::string meta_url(split_fragment(*schema).first);
        GoUrl parsed;
        if (auto err = parse_url(meta_url, parsed)) {
            compile_error("invalid $schema in " + go_quote(url_ptr(root_url, ptr)) + ": " + *err);
        }
        if (ptr.empty() && meta_url == root_url) {
            compile_error("draft " + go_quote(meta_url) + " is not supported");
        }
        if (!seen.insert(meta_url).second) {
            compile_error("cycle in resolving $schema in " + go_quote(meta_url));
        }
        const Root& meta = load(meta_url);
        return draft_of(meta_url, "", *meta.doc, fallback, seen);
    }

    void collect_resources(Root& root, const json& v, std::string base, const std::string& ptr,
                           int fallback) {
        if (root.processed.count(ptr) != 0) {
            return;
        }
        if (collect_depth_ >= kMaxValidationDepth) {
            compile_error("schema nests deeper than " + std::to_string(kMaxValidationDepth) +
                          " levels at " + go_quote(url_ptr(root.url, "")));
        }
        ++collect_depth_;
        collect(root, v, std::move(base), ptr, fallback);
        --collect_depth_;
        root.processed.insert(ptr);
    }

    void collect(Root& root, const json& v, std::string base, const std::string& ptr,
                 int fallback) {
        if (v.is_boolean()) {
            if (ptr.empty()) {
                root.resources[ptr] = Resource{ptr, base, fallback, {}, {}};
            }
            return;
        }
        if (!v.is_object()) {
            return;
        }
        bool has_schema = string_member(v, "$schema") != nullptr;
        std::set<std::string> seen;
        int draft = has_schema ? draft_of(root.url, ptr, v, fallback, seen) : fallback;
        std::string id = schema_id(draft, v);
        if (id.empty() && !ptr.empty()) {
            draft = fallback; // $schema counts only where a resource starts
            has_schema = false;
            id = schema_id(draft, v);
        }
        bool is_resource = false;
        if (!id.empty()) {
            try {
                base = join(base, id).url;
            } catch (const CompileFailure&) {
                compile_error("error in parsing id at " + go_quote(url_ptr(root.url, ptr)));
            }
            is_resource = true;
        } else if (ptr.empty()) {
            is_resource = true;
        }
        if (is_resource) {
            bool found = false;
            for (const auto& [other_ptr, res] : root.resources) {
                if (res.id == base) {
                    found = true;
                    if (other_ptr != ptr) {
                        compile_error("duplicate id " + go_quote(base) + " in " +
                                      go_quote(root.url) + " at " + go_quote(ptr) + " and " +
                                      go_quote(other_ptr));
                    }
                }
            }
            if (!found) {
                root.resources[ptr] = Resource{ptr, base, has_schema ? draft : fallback, {}, {}};
            }
        }
        Resource* base_res = root.resource_by_id(base);
        if (base_res == nullptr) {
            compile_error("internal: no resource for " + go_quote(base));
        }
        collect_anchors(root, v, ptr, *base_res);
        const int child_draft = base_res->draft;
        for (const std::string_view path : subschema_paths(draft)) {
            const std::size_t slash = path.find('/');
            const std::string key(path.substr(0, slash));
            const auto it = v.find(key);
            if (it == v.end()) {
                continue;
            }
            const std::string at = ptr + "/" + escape_token(key);
            if (slash == std::string_view::npos) {
                collect_resources(root, *it, base, at, child_draft);
            } else if (path.substr(slash + 1) == "*") {
                if (it->is_object()) {
                    for (auto m = it->begin(); m != it->end(); ++m) {
                        collect_resources(root, m.value(), base, at + "/" + escape_token(m.key()),
                                          child_draft);
                    }
                }
            } else if (it->is_array()) {
                for (std::size_t i = 0; i < it->size(); ++i) {
                    collect_resources(root, (*it)[i], base, at + "/" + std::to_string(i),
                                      child_draft);
                }
            }
        }
    }

    void collect_anchors(Root& root, const json& v, const std::string& ptr, Resource& res) {
        if (!v.is_object()) {
            return;
        }
        auto add_anchor = [&](const std::string& anchor) {
            if (const auto it = res.anchors.find(anchor); it != res.anchors.end()) {
                if (it->second != ptr) {
                    compile_error("duplicate anchor " + go_quote(anchor) + " in " +
                                  go_quote(root.url) + " at " + go_quote(it->second) + " and " +
                                  go_quote(ptr));
                }
                return;
            }
            res.anchors.emplace(anchor, ptr);
        };
        if (res.draft < 2019) {
            if (v.contains("$ref")) {
                return;
            }
            if (const std::string* id = string_member(v, id_keyword(res.draft))) {
                std::string fragment;
                if (!path_unescape(split_fragment(*id).second, fragment)) {
                    compile_error("error in parsing anchor at " + go_quote(url_ptr(root.url, ptr)));
                }
                if (!is_pointer_fragment(fragment)) {
                    add_anchor(fragment);
                }
            }
            return;
        }
        if (const std::string* anchor = string_member(v, "$anchor")) {
            add_anchor(*anchor);
        }
        if (res.draft >= 2020) {
            if (const std::string* anchor = string_member(v, "$dynamicAnchor")) {
                add_anchor(*anchor);
                res.dynamic_anchors.push_back(*anchor);
            }
        }
    }

    // The pointer a fragment names within `res`.
    std::string resolve_in(Root& root, const std::string& fragment, const Resource& res) {
        if (is_pointer_fragment(fragment)) {
            return res.ptr + fragment;
        }
        const auto it = res.anchors.find(fragment);
        if (it == res.anchors.end()) {
            compile_error("anchor in " + go_quote(res.id + "#" + encode_fragment(fragment)) +
                          " not found in schema " + go_quote(root.url));
        }
        return it->second;
    }

    const json& lookup(const Root& root, const std::string& ptr) {
        const json* v = root.doc;
        if (ptr.empty()) {
            return *v;
        }
        std::size_t start = 1;
        while (true) {
            const std::size_t slash = ptr.find('/', start);
            const std::string raw =
                ptr.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
            std::string token;
            if (!unescape_token(raw, token)) {
                compile_error("invalid json-pointer " + go_quote(url_ptr(root.url, ptr)));
            }
            const json* next = nullptr;
            if (v->is_object()) {
                if (const auto it = v->find(token); it != v->end()) {
                    next = &*it;
                }
            } else if (v->is_array()) {
                std::size_t k = token.size() > 0 && (token[0] == '+' || token[0] == '-') ? 1 : 0;
                const bool negative = k == 1 && token[0] == '-';
                unsigned long long index = 0;
                bool digits = k < token.size();
                for (; k < token.size() && digits; ++k) {
                    digits = token[k] >= '0' && token[k] <= '9';
                    index = std::min<unsigned long long>(index * 10 + (token[k] - '0'), 1ULL << 40);
                }
                if (digits && (!negative || index == 0) && index < v->size()) {
                    next = &(*v)[index];
                }
            }
            if (next == nullptr) {
                compile_error("json-pointer in " + go_quote(url_ptr(root.url, ptr)) + " not found");
            }
            v = next;
            if (slash == std::string::npos) {
                return *v;
            }
            start = slash + 1;
        }
    }

    void ensure_subschema(Root& root, const std::string& ptr, const json& v) {
        if (root.processed.count(ptr) != 0) {
            return;
        }
        const Resource& base = root.resource_for(ptr);
        collect_resources(root, v, base.id, ptr, base.draft);
        if (root.resources.count(ptr) == 0) {
            collect_anchors(root, v, ptr, root.resource_for(ptr));
        }
        if (!root.is_meta && check_meta_) {
            check_against_meta(v, root.resource_for(ptr).draft, url_ptr(root.url, ptr));
        }
    }

    void check_against_meta(const json& v, int draft, const std::string& where) {
        const Node& meta = metaschema(draft);
        std::vector<ValidationError> errors;
        try {
            errors = validate_instance(meta, v, *engine_);
        } catch (const Error& e) {
            compile_error(go_quote(where) +
                          " could not be checked against its metaschema: " + e.what());
        }
        if (errors.empty()) {
            return;
        }
        const ValidationResult result(errors);
        const std::string head = go_quote(where) + " is not valid against metaschema: ";
        std::string leaves;
        std::size_t count = 0;
        std::function<void(const ValidationError&)> walk = [&](const ValidationError& e) {
            if (e.causes.empty()) {
                if (count < 3) {
                    leaves += (count == 0 ? "" : "; ") + std::string("at ") +
                              quote(e.instance_location) + ": " + e.message;
                }
                ++count;
            }
            for (const auto& c : e.causes) {
                walk(c);
            }
        };
        for (const auto& e : errors) {
            walk(e);
        }
        if (count > 3) {
            leaves += " (and " + std::to_string(count - 3) + " more)";
        }
        throw CompileFailure{head + "jsonschema validation failed with " + quote(meta.location) +
                                 "\n" + result.text(),
                             head + leaves};
    }

    // The node for (url, ptr), compiled later; `value` is the schema there
    // when the caller has it at hand.
    Node* enqueue(const std::string& url, const std::string& ptr, const json* value = nullptr) {
        auto key = url + '\0' + ptr;
        if (const auto it = by_location_.find(key); it != by_location_.end()) {
            return it->second;
        }
        out_->nodes.push_back(std::make_unique<Node>());
        Node* node = out_->nodes.back().get();
        node->location = url_ptr(url, ptr);
        by_location_.emplace(std::move(key), node);
        queue_.push_back({node, url, ptr, value});
        return node;
    }

    void run_queue() {
        while (!queue_.empty()) {
            const Pending p = queue_.front();
            queue_.pop_front();
            Root& root = load(p.url);
            const json& v = p.value != nullptr ? *p.value : lookup(root, p.ptr);
            ensure_subschema(root, p.ptr, v);
            compile_value(root, p.ptr, v, *p.node);
        }
    }

    void compile_value(Root& root, const std::string& ptr, const json& v, Node& node) {
        const Resource& res = root.resource_for(ptr);
        node.draft = res.draft;
        node.resource = enqueue(root.url, res.ptr);
        if (node.draft >= 2020 && res.ptr == ptr) {
            for (const auto& name : res.dynamic_anchors) {
                const auto it = res.anchors.find(name);
                if (it != res.anchors.end()) {
                    node.dynamic_anchors[name] = enqueue(root.url, it->second);
                }
            }
        }
        if (v.is_boolean()) {
            node.boolean = v.get<bool>();
        } else if (v.is_object()) {
            if (v.empty()) {
                node.boolean = true;
            } else {
                ObjectCompiler{*this, root, res, ptr, v, node}.compile();
            }
        }
        node.all_props_evaluated = node.additional_properties.kind != Additional::Kind::none;
        if (node.draft < 2020) {
            node.all_items_evaluated = node.additional_items.kind != Additional::Kind::none;
            if (node.items != nullptr) {
                node.all_items_evaluated = true;
            } else if (node.items_is_list) {
                node.num_items_evaluated = node.items_list.size();
            }
        } else {
            node.all_items_evaluated = node.items2020 != nullptr;
            node.num_items_evaluated = node.prefix_items.size();
        }
    }

    // One schema object's keywords, per draft.
    struct ObjectCompiler {
        Compiler& c;
        Root& root;
        const Resource& res;
        const std::string& ptr;
        const json& obj;
        Node& s;

        const json* member(const char* key) const {
            const auto it = obj.find(key);
            return it == obj.end() ? nullptr : &*it;
        }
        const std::string* str(const char* key) const { return string_member(obj, key); }
        bool flag(const char* key) const {
            const json* m = member(key);
            return m != nullptr && m->is_boolean() && m->get<bool>();
        }
        std::optional<Decimal> number(const char* key) const {
            const json* m = member(key);
            if (m == nullptr || !m->is_number()) {
                return std::nullopt;
            }
            return Decimal::of(*m);
        }
        std::optional<long long> integer(const char* key) const {
            const auto d = number(key);
            if (!d || !d->is_integer()) {
                return std::nullopt;
            }
            const double v = d->to_double();
            return v > 9e18
                       ? 9'000'000'000'000'000'000LL
                       : (v < -9e18 ? -9'000'000'000'000'000'000LL : static_cast<long long>(v));
        }
        std::string child(const char* key) const { return ptr + "/" + escape_token(key); }
        const Node* prop(const char* key) const {
            const json* m = member(key);
            return m == nullptr ? nullptr : c.enqueue(root.url, child(key), m);
        }
        std::vector<const Node*> list(const char* key) const {
            std::vector<const Node*> out;
            const json* m = member(key);
            if (m != nullptr && m->is_array()) {
                for (std::size_t i = 0; i < m->size(); ++i) {
                    out.push_back(
                        c.enqueue(root.url, child(key) + "/" + std::to_string(i), &(*m)[i]));
                }
            }
            return out;
        }
        std::vector<std::pair<std::string, const Node*>> map(const char* key) const {
            std::vector<std::pair<std::string, const Node*>> out;
            const json* m = member(key);
            if (m != nullptr && m->is_object()) {
                for (auto it = m->begin(); it != m->end(); ++it) {
                    out.emplace_back(it.key(),
                                     c.enqueue(root.url, child(key) + "/" + escape_token(it.key()),
                                               &it.value()));
                }
            }
            return out;
        }
        Additional additional(const char* key) const {
            Additional a;
            const json* m = member(key);
            if (m == nullptr) {
                return a;
            }
            if (m->is_boolean()) {
                a.kind = Additional::Kind::boolean;
                a.allowed = m->get<bool>();
            } else {
                a.kind = Additional::Kind::schema;
                a.schema = c.enqueue(root.url, child(key), m);
            }
            return a;
        }
        static std::vector<std::string> strings(const json& arr) {
            std::vector<std::string> out;
            for (const auto& item : arr) {
                if (item.is_string()) {
                    out.push_back(item.get<std::string>());
                }
            }
            return out;
        }
        const Node* ref(const char* key) const {
            const std::string* r = str(key);
            if (r == nullptr) {
                return nullptr;
            }
            const UrlFrag uf = join(res.id, *r);
            Resource* target =
                uf.url == root.url ? &root.resources.at("") : root.resource_by_id(uf.url);
            if (target != nullptr) {
                return c.enqueue(root.url, c.resolve_in(root, uf.fragment, *target));
            }
            Root& other = c.load(uf.url);
            return c.enqueue(other.url, c.resolve_in(other, uf.fragment, other.resources.at("")));
        }
        std::unique_ptr<const Regex> regex(const std::string& source, const char* keyword) const {
            try {
                return c.engine_->compile(source);
            } catch (const Error& e) {
                compile_error("invalid regex " + go_quote(source) + " at " +
                              go_quote(url_ptr(root.url, ptr) + "/" +
                                       encode_fragment(escape_token(keyword))) +
                              ": " + e.what());
            }
        }

        void compile() {
            draft4();
            if (s.draft >= 6) {
                draft6();
            }
            if (s.draft >= 7) {
                draft7();
            }
            if (s.draft >= 2019) {
                draft2019();
            }
            if (s.draft >= 2020) {
                draft2020();
            }
        }

        void draft4() {
            s.ref = ref("$ref");
            if (s.draft < 2019 && s.ref != nullptr) {
                return; // the siblings of $ref are ignored
            }
            s.all_of = list("allOf");
            s.any_of = list("anyOf");
            s.one_of = list("oneOf");
            s.not_ = prop("not");
            if (s.draft < 2020) {
                if (const json* items = member("items")) {
                    if (items->is_array()) {
                        s.items_is_list = true;
                        s.items_list = list("items");
                        s.additional_items = additional("additionalItems");
                    } else {
                        s.items = prop("items");
                    }
                }
            }
            for (const auto& [name, node] : map("properties")) {
                s.properties.emplace(name, node);
            }
            for (const auto& [name, node] : map("patternProperties")) {
                s.pattern_properties.push_back({name, regex(name, "patternProperties"), node});
            }
            s.additional_properties = additional("additionalProperties");
            if (const json* deps = member("dependencies"); deps != nullptr && deps->is_object()) {
                for (auto it = deps->begin(); it != deps->end(); ++it) {
                    Dependency d;
                    d.property = it.key();
                    if (it->is_array()) {
                        d.required = strings(*it);
                    } else {
                        d.schema = c.enqueue(
                            root.url, child("dependencies") + "/" + escape_token(it.key()), &*it);
                    }
                    s.dependencies.push_back(std::move(d));
                }
            }
            if (const json* type = member("type")) {
                auto add_type = [&](const json& t) {
                    static constexpr std::array<std::pair<std::string_view, unsigned>, 7> kTypes = {
                        {
                            {"null", type_null},
                            {"boolean", type_boolean},
                            {"number", type_number},
                            {"integer", type_integer},
                            {"string", type_string},
                            {"array", type_array},
                            {"object", type_object},
                        }};
                    if (!t.is_string()) {
                        return;
                    }
                    for (const auto& [name, bit] : kTypes) {
                        if (t.get_ref<const std::string&>() == name) {
                            s.types |= bit;
                        }
                    }
                };
                if (type->is_array()) {
                    for (const auto& t : *type) {
                        add_type(t);
                    }
                } else {
                    add_type(*type);
                }
            }
            if (const json* values = member("enum"); values != nullptr && values->is_array()) {
                s.enum_values.emplace(values->begin(), values->end());
                for (const auto& v : *values) {
                    switch (v.type()) {
                    case json::value_t::null:
                        s.enum_types |= type_null;
                        break;
                    case json::value_t::boolean:
                        s.enum_types |= type_boolean;
                        break;
                    case json::value_t::string:
                        s.enum_types |= type_string;
                        break;
                    case json::value_t::array:
                        s.enum_types |= type_array;
                        break;
                    case json::value_t::object:
                        s.enum_types |= type_object;
                        break;
                    default:
                        s.enum_types |= type_number;
                        break;
                    }
                }
            }
            s.multiple_of = number("multipleOf");
            s.maximum = number("maximum");
            if (flag("exclusiveMaximum")) {
                s.exclusive_maximum = s.maximum;
                s.maximum.reset();
            } else {
                s.exclusive_maximum = number("exclusiveMaximum");
            }
            s.minimum = number("minimum");
            if (flag("exclusiveMinimum")) {
                s.exclusive_minimum = s.minimum;
                s.minimum.reset();
            } else {
                s.exclusive_minimum = number("exclusiveMinimum");
            }
            s.min_length = integer("minLength");
            s.max_length = integer("maxLength");
            if (const std::string* pattern = str("pattern")) {
                s.pattern_source = *pattern;
                s.pattern = regex(*pattern, "pattern");
            }
            s.min_items = integer("minItems");
            s.max_items = integer("maxItems");
            s.unique_items = flag("uniqueItems");
            s.max_properties = integer("maxProperties");
            s.min_properties = integer("minProperties");
            if (const json* required = member("required");
                required != nullptr && required->is_array()) {
                s.required = strings(*required);
            }
            const bool assert = c.assert_format_ || s.draft < 2019;
            if (const std::string* format = str("format"); assert && format != nullptr) {
                s.format_name = *format;
                if (*format == "regex") {
                    s.format_regex = true;
                } else {
                    s.format = find_format(*format);
                }
            }
        }

        void draft6() {
            s.contains = prop("contains");
            s.property_names = prop("propertyNames");
            if (const json* value = member("const")) {
                s.const_value = *value;
            }
        }

        void draft7() {
            s.if_ = prop("if");
            if (s.if_ != nullptr) {
                const json* condition = member("if");
                const bool is_bool = condition->is_boolean();
                if (!is_bool || condition->get<bool>()) {
                    s.then_ = prop("then");
                }
                if (!is_bool || !condition->get<bool>()) {
                    s.else_ = prop("else");
                }
            }
        }

        void draft2019() {
            s.recursive_ref = ref("$recursiveRef");
            s.recursive_anchor = flag("$recursiveAnchor");
            if (s.contains != nullptr) {
                s.min_contains = integer("minContains");
                s.max_contains = integer("maxContains");
            }
            if (const json* deps = member("dependentRequired");
                deps != nullptr && deps->is_object()) {
                for (auto it = deps->begin(); it != deps->end(); ++it) {
                    if (it->is_array()) {
                        s.dependent_required.emplace_back(it.key(), strings(*it));
                    }
                }
            }
            s.dependent_schemas = map("dependentSchemas");
            s.unevaluated_items = prop("unevaluatedItems");
            s.unevaluated_properties = prop("unevaluatedProperties");
        }

        void draft2020() {
            s.dynamic_ref = ref("$dynamicRef");
            if (s.dynamic_ref != nullptr) {
                const UrlFrag uf = split_decoded(*str("$dynamicRef"));
                if (!is_pointer_fragment(uf.fragment)) {
                    s.dynamic_ref_anchor = uf.fragment;
                }
            }
            if (const std::string* anchor = str("$dynamicAnchor")) {
                s.dynamic_anchor = *anchor;
            }
            s.prefix_items = list("prefixItems");
            s.items2020 = prop("items");
        }
    };

    struct Pending {
        Node* node;
        std::string url;
        std::string ptr;
        const json* value;
    };

    std::shared_ptr<const RegexEngine> engine_;
    bool assert_format_;
    bool check_meta_;
    std::shared_ptr<Compiled> out_;
    std::map<std::string, Root, std::less<>> roots_;
    std::unordered_map<std::string, Node*> by_location_;
    std::deque<Pending> queue_;
    int collect_depth_ = 0;
};

struct Metaschema {
    std::shared_ptr<Compiled> compiled;
    const Node* root = nullptr;
};

} // namespace

const Node& metaschema(int draft) {
    // Compiled once per process and only for the drafts in use: every chart
    // schema needs one, and compiling all five (2019-09 and 2020-12 with their
    // vocabularies) was a twentieth of rendering a chart with a schema.
    static std::mutex mutex;
    static std::map<int, Metaschema> compiled;
    std::lock_guard lock(mutex);
    auto it = compiled.find(draft);
    if (it == compiled.end()) {
        Compiler c(go_regexp_engine(), true, false);
        Metaschema m;
        m.root = c.compile(draft_url(draft));
        m.compiled = c.result();
        it = compiled.emplace(draft, std::move(m)).first;
    }
    return *it->second.root;
}

std::shared_ptr<Compiled> compile_document(const nlohmann::json& document, const Options& options) {
    auto engine = options.regex_engine ? options.regex_engine : go_regexp_engine();
    Compiler c(engine, false, true);
    c.add_document(options.base_uri, document);
    const Node* root = c.compile(options.base_uri);
    auto out = c.result();
    out->root = root;
    out->draft = static_cast<Draft>(c.root_draft(options.base_uri));
    return out;
}

} // namespace airlock::jsonschema::detail
