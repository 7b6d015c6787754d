#include "builder/commands/commands.hpp"
#include "builder/render/render_chart.hpp"
#include "common/core/error.hpp"
#include "common/core/heap.hpp"
#include "common/io/file.hpp"
#include "common/registry/registry_options.hpp"

#include <iostream>

namespace airlock::builder {

void register_template(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::vector<std::string> positional;
        TemplateRequest request;
        std::vector<std::string> values;
        RegistryOptions registry;
    };
    auto flags = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "template",
        "Render a chart as `helm template` does, with airlock's own engine (no Helm needed): "
        "each rendered document after '---' and '# Source: <chart>/templates/<file>'. The same "
        "renderer feeds find-images and create.");
    cmd->add_option("name_and_chart", flags->positional,
                    "[NAME] CHART: release name (default release-name), then a chart "
                    "directory, a .tgz, oci://HOST/PATH/NAME (with --version) or a chart name "
                    "(with --repo and --version)")
        ->required()
        ->expected(1, 2);
    cmd->add_option("-f,--values", flags->values, "Values file, applied in order; repeatable");
    cmd->add_option("--set", flags->request.render.set,
                    "Set values: a.b=c,list[0]=x (Helm's syntax and typing); repeatable");
    cmd->add_option("--set-string", flags->request.render.set_string,
                    "Set values, always as strings; repeatable");
    cmd->add_option("-n,--namespace", flags->request.render.namespace_, "Release namespace")
        ->capture_default_str();
    cmd->add_option("--kube-version", flags->request.render.kube_version,
                    "Kubernetes version for .Capabilities and the chart's kubeVersion (default "
                    "v1.35.0, as Helm 4.1)");
    cmd->add_option("-a,--api-versions", flags->request.render.api_versions,
                    "Extra API version (GROUP/VERSION or GROUP/VERSION/KIND) for "
                    ".Capabilities.APIVersions; repeatable");
    cmd->add_option("-s,--show-only", flags->request.show_only,
                    "Only the documents of this template (path in the chart, glob); repeatable");
    cmd->add_flag("--include-crds", flags->request.render.include_crds,
                  "Also print the chart's crds/ files");
    cmd->add_flag("--skip-tests", flags->request.skip_tests, "Leave out test hooks");
    cmd->add_option("--version", flags->request.version, "Chart version (oci:// and --repo)");
    cmd->add_option("--repo", flags->request.repo, "Chart repository URL (CHART is a name in it)");
    cmd->add_option("--authfile", flags->registry.authfile,
                    "Registry credentials (docker config.json)");
    cmd->add_option("--cert-dir", flags->registry.cert_dir,
                    "TLS material: DIR/<host[:port]>/{ca.crt,client.cert,client.key}");
    cmd->add_option("--plain-http", flags->registry.plain_http_hosts,
                    "Talk plain HTTP to this registry host[:port]; repeatable");
    cmd->callback([flags, &global] {
        global.run = [flags] {
            prepare_heap_for_short_burst();
            auto& p = flags->positional;
            TemplateRequest request = flags->request;
            if (p.size() == 2) {
                request.render.release = p[0];
                request.chart = p[1];
            } else {
                request.chart = p[0];
            }
            for (const auto& file : flags->values) {
                request.render.values_files.push_back(
                    {file, read_file(file, std::size_t{16} << 20)});
            }
            std::cout << template_chart(request, flags->registry) << std::flush;
            return 0;
        };
    });
}

} // namespace airlock::builder
