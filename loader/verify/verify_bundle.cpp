#include "loader/verify/verify_bundle.hpp"

#include "common/bundle/signature_slot.hpp"
#include "common/bundle/tar_format.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/core/semver.hpp"
#include "common/io/file_reader.hpp"
#include "common/log/progress.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/statement.hpp"

#include <algorithm>
#include <set>

namespace airlock::loader {

namespace {

// index.json is parsed in memory; it lists one entry per image.
constexpr std::uint64_t max_index_bytes = 16 * 1024 * 1024;

// A blob's stored bytes: a range of the (possibly split) bundle.
class BundleRangeReader final : public BlobReader {
  public:
    BundleRangeReader(const BundleFiles& files, std::uint64_t offset, std::uint64_t size)
        : files_(files), pos_(offset), end_(offset + size) {}
    size_t read(std::span<std::byte> buf) override {
        size_t n = static_cast<size_t>(std::min<std::uint64_t>(buf.size(), end_ - pos_));
        if (n > 0) {
            files_.read_at(buf.first(n), pos_);
            pos_ += n;
        }
        return n;
    }

  private:
    const BundleFiles& files_;
    std::uint64_t pos_;
    std::uint64_t end_;
};

// Ranks why a signature did not count, to pick the exit class when a role
// is short: the most specific reason wins.
enum class Why { none, signature, untrusted, expired };

ErrorCode code_of(Why w) {
    switch (w) {
    case Why::expired:
        return ErrorCode::expired;
    case Why::untrusted:
        return ErrorCode::untrusted;
    default:
        return ErrorCode::signature;
    }
}

} // namespace

class Verifier {
  public:
    Verifier(const VerifyOptions& o, const EffectivePolicy& p, const StateStore& s)
        : options_(o), policy_(p), state_(s) {}

    VerifiedBundle run() {
        BundleFiles files = BundleFiles::open(options_.bundle);
        BundleHead head = read_bundle_head(files);
        VerifyReport report;
        report.name = head.bom.name;
        report.version = head.bom.version;
        report.bom_digest = Digest::of(head.bom_bytes).str();
        report.policy_origin = policy_.origin;
        report.policy_version = policy_.policy.version;
        report.development_policy = policy_.development;
        Timestamp now = state_.trusted_time();
        report.trusted_time = format_rfc3339(now);
        for (const auto& v : files.volumes()) {
            report.volumes.push_back(v.string());
        }
        report.size = files.size();

        check_signatures(head, report, now);
        check_rollback(head.bom, report);
        check_license(head.bom);
        check_structure(files, head);
        std::string index = read_index(files, head);
        if (options_.deep) {
            deep_check(files, head, report);
        }
        return VerifiedBundle(std::move(files), std::move(head), std::move(index),
                              std::move(report));
    }

  private:
    void check_signatures(const BundleHead& head, VerifyReport& report, Timestamp now) {
        const sign::TrustPolicy& pol = policy_.policy;
        nlohmann::json envelopes = decode_signature_slot(head.slot);
        if (envelopes.empty()) {
            fail(ErrorCode::signature, "bundle " + head.bom.name + " " + head.bom.version +
                                           " is unsigned: its signature slot is empty");
        }
        Digest bom_digest = Digest::of(head.bom_bytes);
        std::map<std::string, Why> worst; // role -> most specific failure
        std::map<std::string, std::string> worst_text;
        auto reject = [&](SignatureCheck& c, Why why, const std::string& problem) {
            c.problem = problem;
            std::string role = c.role.empty() ? "*" : c.role;
            if (why >= worst[role]) {
                worst[role] = why;
                worst_text[role] = "key " + c.key_id.substr(0, 16) + ": " + problem;
            }
        };
        for (const nlohmann::json& ej : envelopes) {
            dsse::Envelope env;
            try {
                env = dsse::envelope_from_json(ej);
            } catch (const Error& e) {
                SignatureCheck c;
                reject(c, Why::signature, std::string("unreadable envelope: ") + e.what());
                report.signatures.push_back(c);
                continue;
            }
            for (const dsse::Signature& s : env.signatures) {
                SignatureCheck c;
                c.key_id = s.keyid;
                const sign::TrustedKey* key = pol.find(s.keyid);
                if (key == nullptr) {
                    reject(c, Why::untrusted, "not a key of the trust policy");
                    report.signatures.push_back(c);
                    continue;
                }
                c.role = key->role;
                if (pol.is_revoked(key->id)) {
                    reject(c, Why::untrusted, "key is revoked");
                    report.signatures.push_back(c);
                    continue;
                }
                dsse::Envelope single = env;
                single.signatures = {s};
                sign::ValidityStatement st;
                try {
                    st = sign::verify_envelope(single, key->key);
                } catch (const Error& e) {
                    reject(c, Why::signature, e.what());
                    report.signatures.push_back(c);
                    continue;
                }
                c.issued_at = format_rfc3339(st.issued_at);
                c.not_before = format_rfc3339(st.not_before);
                c.not_after = format_rfc3339(st.not_after);
                if (st.bom != bom_digest) {
                    reject(c, Why::signature,
                           "signature is over another BOM (" + st.bom.str() + ")");
                } else if (st.bundle_name != head.bom.name ||
                           st.bundle_version != head.bom.version) {
                    reject(c, Why::signature,
                           "statement names bundle " + st.bundle_name + " " + st.bundle_version);
                } else if (st.role != key->role) {
                    reject(c, Why::untrusted,
                           "statement claims role '" + st.role + "' but the key's role is '" +
                               key->role + "'");
                } else if (now < st.not_before) {
                    reject(c, Why::expired, "not valid before " + c.not_before);
                } else if (now > st.not_after) {
                    reject(c, Why::expired, "expired at " + c.not_after);
                } else if (key->not_after && now > *key->not_after) {
                    reject(c, Why::expired, "key expired at " + format_rfc3339(*key->not_after));
                } else {
                    c.counted = true;
                }
                report.signatures.push_back(c);
            }
        }
        for (const auto& [role, need] : pol.require) {
            RoleResult r;
            r.required = need;
            std::set<std::string> distinct;
            for (const SignatureCheck& c : report.signatures) {
                if (c.counted && c.role == role) {
                    distinct.insert(c.key_id);
                }
            }
            r.keys.assign(distinct.begin(), distinct.end());
            report.requirements[role] = r;
        }
        for (const auto& [role, r] : report.requirements) {
            if (r.keys.size() >= r.required) {
                continue;
            }
            Why why = std::max(worst.count(role) ? worst[role] : Why::none,
                               worst.count("*") ? worst["*"] : Why::none);
            std::string detail = worst_text.count(role)  ? worst_text[role]
                                 : worst_text.count("*") ? worst_text["*"]
                                                         : "no signature by a " + role + " key";
            fail(why == Why::none ? ErrorCode::signature : code_of(why),
                 "bundle " + head.bom.name + " " + head.bom.version + " is not trusted: role '" +
                     role + "' needs " + std::to_string(r.required) + " distinct key(s), has " +
                     std::to_string(r.keys.size()) + " (" + detail + ")");
        }
    }

    void check_rollback(const Bom& bom, const VerifyReport& report) {
        auto prev = state_.loaded(bom.name);
        if (!prev) {
            return;
        }
        auto now_v = SemVer::try_parse(bom.version);
        auto old_v = SemVer::try_parse(prev->version);
        if (!now_v || !old_v) {
            fail(ErrorCode::malformed, "bundle version '" + bom.version + "' is not SemVer 2.0");
        }
        if (*now_v < *old_v) {
            fail(ErrorCode::rollback, "bundle " + bom.name + " " + bom.version + " is older than " +
                                          prev->version +
                                          ", already loaded; refusing to roll back");
        }
        if (*now_v == *old_v && prev->bom_digest != report.bom_digest) {
            fail(ErrorCode::rollback,
                 "bundle " + bom.name + " " + bom.version + " differs from the " + prev->version +
                     " already loaded (BOM " + report.bom_digest.substr(0, 19) + " vs " +
                     prev->bom_digest.substr(0, 19) + ")");
        }
    }

    void check_license(const Bom& bom) {
        if (bom.requires_.is_object() && bom.requires_.contains("license")) {
            // Fail closed until offline licenses exist in this loader.
            fail(ErrorCode::license, "bundle " + bom.name + " requires a license for product '" +
                                         bom.requires_["license"].dump() +
                                         "'; this airlock-load cannot check licenses yet");
        }
    }

    void check_structure(const BundleFiles& files, const BundleHead& head) {
        const BundleLayout& layout = head.layout;
        if (files.size() != layout.total_size) {
            fail(ErrorCode::malformed, size_problem(files, layout.total_size));
        }
        for (size_t i = BundleLayout::oci_layout_index; i < layout.entries.size(); ++i) {
            const BundleEntry& e = layout.entries[i];
            std::string want = tar::regular_file_header(e.name, e.size);
            if (files.read_string(e.header_offset, want.size()) != want) {
                fail(ErrorCode::malformed, "tar entry at offset " +
                                               std::to_string(e.header_offset) +
                                               " is not the regular file " + e.name + " of " +
                                               std::to_string(e.size) + " bytes the BOM lists");
            }
        }
        std::string trailer =
            files.read_string(layout.total_size - tar::trailer_length, tar::trailer_length);
        if (trailer.find_first_not_of('\0') != std::string::npos) {
            fail(ErrorCode::malformed,
                 "bundle does not end with the tar trailer the BOM implies (extra entry?)");
        }
        if (files.read_string(layout.entries[BundleLayout::oci_layout_index].data_offset,
                              oci_layout_bytes.size()) != oci_layout_bytes) {
            fail(ErrorCode::malformed, "oci-layout entry is not the expected version marker");
        }
    }

    static std::string size_problem(const BundleFiles& files, std::uint64_t want) {
        std::string base = files.volumes().front().string();
        if (files.split()) {
            base.resize(base.size() - 4);
            size_t n = files.volumes().size();
            for (size_t i = n; i < n + 64; ++i) {
                if (std::filesystem::exists(volume_name(base, i))) {
                    return "volume " + volume_name(base, n) + " is missing (later volumes exist)";
                }
            }
            if (files.size() < want) {
                auto sizes = files.volume_sizes();
                bool last_full = sizes.size() > 1 && sizes.back() == sizes.front();
                return last_full ? "volume " + volume_name(base, n) +
                                       " is missing: " + std::to_string(want - files.size()) +
                                       " bytes short"
                                 : "volume " + files.volumes().back().string() +
                                       " is truncated: the bundle is " +
                                       std::to_string(want - files.size()) + " bytes short";
            }
        }
        return "bundle " + base + " is " + std::to_string(files.size()) +
               " bytes, the BOM implies " + std::to_string(want) +
               (files.size() < want ? " (truncated)" : " (extra data)");
    }

    static std::string read_index(const BundleFiles& files, const BundleHead& head) {
        const BundleEntry& e = head.layout.entries[BundleLayout::index_json_index];
        if (e.size > max_index_bytes) {
            fail(ErrorCode::malformed, "index.json is larger than the limit");
        }
        std::string index = files.read_string(e.data_offset, e.size);
        if (Digest::of(index) != head.bom.layout.digest) {
            fail(ErrorCode::integrity, "index.json does not match the digest in the BOM");
        }
        return index;
    }

    void deep_check(const BundleFiles& files, const BundleHead& head, VerifyReport& report) {
        Progress progress("verifying", head.bom.payload_bytes(), head.bom.blobs.size(),
                          options_.progress);
        for (size_t i = 0; i < head.bom.blobs.size(); ++i) {
            const BomBlob& b = head.bom.blobs[i];
            const BundleEntry& e = head.layout.entries[BundleLayout::first_blob_index + i];
            BundleRangeReader reader(files, e.data_offset, e.size);
            Descriptor d{b.media_type, b.digest, b.size, {}, {}, {}};
            copy_blob(reader, d, {}, "blob " + b.digest.str(),
                      [&](std::uint64_t n) { progress.add_bytes(n); });
            progress.item_done();
            report.deep_bytes += static_cast<std::uint64_t>(b.size);
        }
        report.deep = true;
    }

    const VerifyOptions& options_;
    const EffectivePolicy& policy_;
    const StateStore& state_;
};

std::unique_ptr<BlobReader> VerifiedBundle::open_blob(size_t i) const {
    const BundleEntry& e = head_.layout.entries.at(BundleLayout::first_blob_index + i);
    return std::make_unique<BundleRangeReader>(files_, e.data_offset, e.size);
}

VerifiedBundle verify_bundle(const VerifyOptions& options, const EffectivePolicy& policy,
                             const StateStore& state) {
    return Verifier(options, policy, state).run();
}

} // namespace airlock::loader
