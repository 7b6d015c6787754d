#pragma once
// `probe-egress --format cronjob`: the probe as a Kubernetes CronJob, with the
// default-deny egress NetworkPolicy it checks, for one namespace. Both are
// printed as one YAML stream for `kubectl apply -f -`.
#include "loader/egress/egress_target.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace airlock::loader {

struct EgressCronJobRequest {
    std::string image;          // the probe's own image, pinned by digest
    std::string ns = "airlock"; // the namespace both objects go to
    std::string schedule = "*/15 * * * *";
    std::vector<EgressTarget> targets; // named in the Job's arguments, every one
    std::chrono::seconds timeout{5};
};

// The NetworkPolicy, then the CronJob. Error(usage) naming the flag when the
// image is not pinned by digest (a tag alone is refused: the probe must run
// what was verified), the namespace is not a DNS-1123 label, or the schedule
// is neither five cron fields nor a @macro.
std::string egress_cronjob_yaml(const EgressCronJobRequest& request);

} // namespace airlock::loader
