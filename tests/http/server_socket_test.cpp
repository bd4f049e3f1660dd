// The listening socket: a second server cannot take the port of a running one, and the
// kernel's queue of connections not yet accepted holds a burst (cpp-httplib alone listens
// with room for 5, and a burst beyond that had clients wait a second for SYN retransmits).
#include <array>
#include <cstdio>
#include <memory>
#include <sstream>

#include "http/api_fixture.hpp"

namespace turnus::test {
namespace {

class ServerSocket : public ApiTest {};

TEST_P(ServerSocket, ASecondServerCannotTakeThePortOfARunningOne) {
  http::ServerConfig config;
  config.host = "127.0.0.1";
  config.port = port_;
  http::HttpServer second(config, use_cases_, database_.db());
  EXPECT_FALSE(second.bind());
  // The first one still answers.
  EXPECT_EQ(get("/healthz", Caller{}).status, 200);
}

// `ss` reports a listening socket's backlog as its Send-Q.
long listen_backlog_of(int port) {
  const std::string command = "ss -Hltn 'sport = :" + std::to_string(port) + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return -1;
  std::array<char, 512> line{};
  if (fgets(line.data(), static_cast<int>(line.size()), pipe.get()) == nullptr) return -1;
  std::istringstream fields(line.data());
  std::string state;
  long receive_queue = 0, send_queue = -1;
  fields >> state >> receive_queue >> send_queue;
  return send_queue;
}

TEST_P(ServerSocket, TheListenQueueHoldsABurstOfConnections) {
  const long backlog = listen_backlog_of(port_);
  EXPECT_GE(backlog, 128) << "ss reported " << backlog;
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerSocket, ::testing::Values(std::string("sqlite")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace turnus::test
