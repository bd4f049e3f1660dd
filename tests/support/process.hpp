// Runs real processes for the end-to-end tests: the `turnus` binary with arguments,
// optional standard input, captured stdout and stderr and the exit status.
// Not thread-safe per instance; separate instances are independent.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace turnus::test {

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs to completion.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::vector<std::string>& extra_env = {});

// A process that keeps running (e.g. `turnus serve`) until stopped.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads stdout until a line containing `needle` appears (or the timeout); returns the
  // output read so far.
  std::string wait_for_output(const std::string& needle, int timeout_ms);
  // Sends `signal` and waits; returns the exit code (-1 when killed by a signal).
  int stop(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
  bool exited_ = false;
  int exit_code_ = -1;
};

}  // namespace turnus::test
