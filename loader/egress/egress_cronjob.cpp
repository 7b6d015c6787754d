#include "loader/egress/egress_cronjob.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

// A JSON string is also a YAML double-quoted scalar.
std::string quoted(const std::string& text) {
    return nlohmann::json(text).dump();
}

std::string pinned_image(const std::string& image) {
    if (image.empty()) {
        fail(ErrorCode::usage, "--format cronjob needs --image: the probe's own image, pinned "
                               "by digest (REGISTRY/REPOSITORY@sha256:...)");
    }
    Reference ref;
    try {
        ref = Reference::parse(image);
    } catch (const Error& e) {
        fail(ErrorCode::usage, std::string("--image: ") + e.what());
    }
    if (!ref.digest) {
        fail(ErrorCode::usage, "--image '" + image +
                                   "' is not pinned by digest: a tag can be moved, so name the "
                                   "image as REPOSITORY@sha256:...");
    }
    // A tag next to the digest is dropped: the digest is what runs.
    return ref.name() + "@" + ref.digest->str();
}

void check_namespace(const std::string& ns) {
    const bool chars_ok = std::all_of(ns.begin(), ns.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (ns.empty() || ns.size() > 63 || !chars_ok || ns.front() == '-' || ns.back() == '-') {
        fail(ErrorCode::usage, "--namespace '" + ns +
                                   "' is not a namespace name (lower-case letters, digits and "
                                   "'-', at most 63)");
    }
}

void check_schedule(const std::string& schedule) {
    static constexpr std::array<const char*, 7> macros{
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};
    if (std::find(macros.begin(), macros.end(), schedule) != macros.end()) {
        return;
    }
    std::istringstream in(schedule);
    std::string field;
    int fields = 0;
    bool chars_ok = true;
    while (in >> field) {
        ++fields;
        chars_ok = chars_ok && std::all_of(field.begin(), field.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                              (c >= 'a' && c <= 'z') || c == '*' || c == '/' || c == ',' ||
                              c == '-' || c == '?';
                   });
    }
    const bool spaces_ok = schedule.find_first_of("\t\n\r") == std::string::npos;
    if (fields != 5 || !chars_ok || !spaces_ok) {
        fail(ErrorCode::usage, "--schedule '" + schedule +
                                   "' is not a cron schedule (five fields, \"*/15 * * * *\", or "
                                   "@hourly, @daily, ...)");
    }
}

} // namespace

std::string egress_cronjob_yaml(const EgressCronJobRequest& request) {
    const std::string image = pinned_image(request.image);
    check_namespace(request.ns);
    check_schedule(request.schedule);
    if (request.targets.empty()) {
        fail(ErrorCode::usage, "--format cronjob: no host to probe");
    }
    std::string hosts;
    for (const EgressTarget& t : request.targets) {
        hosts += (hosts.empty() ? "" : ",") + t.str();
    }
    const std::string timeout = std::to_string(request.timeout.count()) + "s";
    const std::string ns = quoted(request.ns);

    std::ostringstream y;
    y << "# Written by airlock-load probe-egress --format cronjob: kubectl apply -f this file\n"
         "# (the namespace "
      << request.ns
      << " must exist).\n"
         "#\n"
         "# Default-deny egress for every pod in the namespace, the probe included, so the\n"
         "# probe reports what any workload here could reach. The one exception is DNS to\n"
         "# the cluster's resolver (CoreDNS: kube-system pods labelled k8s-app=kube-dns):\n"
         "# workloads need Service names, and with names resolving the probe tests the\n"
         "# path to each registry itself instead of stopping at \"dns\" every time. A\n"
         "# resolver that forwards to the internet can still carry data out by DNS; that\n"
         "# is its own policy. Adjust the selector for NodeLocal DNSCache (an ipBlock for\n"
         "# its link-local address) or OpenShift (namespace openshift-dns).\n"
         "apiVersion: networking.k8s.io/v1\n"
         "kind: NetworkPolicy\n"
         "metadata:\n"
         "  name: airlock-default-deny-egress\n"
         "  namespace: "
      << ns
      << "\n"
         "  labels:\n"
         "    app.kubernetes.io/managed-by: airlock\n"
         "spec:\n"
         "  podSelector: {}\n"
         "  policyTypes:\n"
         "    - Egress\n"
         "  egress:\n"
         "    - to:\n"
         "        - namespaceSelector:\n"
         "            matchLabels:\n"
         "              kubernetes.io/metadata.name: kube-system\n"
         "          podSelector:\n"
         "            matchLabels:\n"
         "              k8s-app: kube-dns\n"
         "      ports:\n"
         "        - protocol: UDP\n"
         "          port: 53\n"
         "        - protocol: TCP\n"
         "          port: 53\n"
         "---\n"
         "# The probe: exits 0 when no host was reachable, 2 with a LEAK line per\n"
         "# reachable host, so a leak is a failed Job (kube_job_status_failed in\n"
         "# kube-state-metrics). It contacts the hosts in its arguments and nothing else.\n"
         "apiVersion: batch/v1\n"
         "kind: CronJob\n"
         "metadata:\n"
         "  name: airlock-probe-egress\n"
         "  namespace: "
      << ns
      << "\n"
         "  labels:\n"
         "    app.kubernetes.io/name: airlock-probe-egress\n"
         "    app.kubernetes.io/managed-by: airlock\n"
         "spec:\n"
         "  schedule: "
      << quoted(request.schedule)
      << "\n"
         "  concurrencyPolicy: Forbid\n"
         "  successfulJobsHistoryLimit: 1\n"
         "  failedJobsHistoryLimit: 3\n"
         "  jobTemplate:\n"
         "    spec:\n"
         "      backoffLimit: 0\n"
         "      activeDeadlineSeconds: "
      << request.timeout.count() + 60
      << "\n"
         "      template:\n"
         "        metadata:\n"
         "          labels:\n"
         "            app.kubernetes.io/name: airlock-probe-egress\n"
         "        spec:\n"
         "          restartPolicy: Never\n"
         "          automountServiceAccountToken: false\n"
         "          securityContext:\n"
         "            runAsNonRoot: true\n"
         "            runAsUser: 65532\n"
         "            runAsGroup: 65532\n"
         "            seccompProfile:\n"
         "              type: RuntimeDefault\n"
         "          containers:\n"
         "            - name: probe-egress\n"
         "              image: "
      << quoted(image)
      << "\n"
         "              imagePullPolicy: IfNotPresent\n"
         "              command:\n"
         "                - airlock-load\n"
         "                - probe-egress\n"
         "                - --timeout\n"
         "                - "
      << quoted(timeout)
      << "\n"
         "                - --hosts\n"
         "                - "
      << quoted(hosts)
      << "\n"
         "              securityContext:\n"
         "                allowPrivilegeEscalation: false\n"
         "                readOnlyRootFilesystem: true\n"
         "                capabilities:\n"
         "                  drop:\n"
         "                    - ALL\n"
         "              resources:\n"
         "                requests:\n"
         "                  cpu: 10m\n"
         "                  memory: 16Mi\n"
         "                limits:\n"
         "                  memory: 64Mi\n";
    return y.str();
}

} // namespace airlock::loader
