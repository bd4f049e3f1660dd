// turnus command line and composition root: the only place that knows every layer and
// wires the concrete store, platform services and HTTP server together.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/logging.hpp"
#include "domain/error.hpp"

int main(int argc, char** argv) {
  using turnus::cli::UsageError;
  turnus::cli::configure_logging();
  CLI::App app{"turnus — maintenance contracts and recurring work for craftsmen businesses", "turnus"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "turnus 0.1.0");
  turnus::cli::Options options;
  turnus::cli::register_commands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, exit 2: scripts read the status, people read the line.
    std::fprintf(stderr, "turnus: %s (see --help)\n", e.what());
    return 2;
  }
  try {
    return turnus::cli::run_selected(app, options);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "turnus: %s\n", e.what());
    return 2;
  } catch (const turnus::domain::Error& e) {
    std::fprintf(stderr, "turnus: %s\n", turnus::cli::one_line(e).c_str());
    const bool bad_input = e.kind() == turnus::domain::ErrorKind::validation ||
                           e.kind() == turnus::domain::ErrorKind::not_found ||
                           e.kind() == turnus::domain::ErrorKind::conflict;
    return bad_input ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "turnus: %s\n", e.what());
    return 1;
  }
}
