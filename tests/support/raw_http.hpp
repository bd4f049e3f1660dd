// RawConnection: a plain TCP connection to a server on 127.0.0.1, for tests that must send
// exactly the bytes a hostile or broken client sends (ambiguous framing, a header one byte
// at a time, a body nobody asked for) and see exactly what comes back.
// One connection per object; not thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace turnus::test {

// One answer as read off the wire.
struct RawResponse {
  int status = 0;
  std::string head;  // the status line and header fields
  std::string body;
  std::string header(std::string_view name) const;  // case-insensitive; "" when missing
};

class RawConnection {
 public:
  // Connects; `receive_buffer` > 0 shrinks the socket's receive buffer first (a client that
  // cannot take much at once). Throws std::runtime_error when the connection fails.
  explicit RawConnection(int port, int receive_buffer = 0);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the peer has closed or reset the connection.
  bool send(std::string_view bytes);
  // The next answer (header and a Content-Length body, none for a HEAD request), or
  // nullopt when the connection ends or `timeout` passes first.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                           bool to_head_request = false);
  // Reads and discards until the peer ends the connection; true when it did within
  // `timeout`. `received`, when given, gets the number of bytes read on the way.
  bool wait_closed(std::chrono::milliseconds timeout, std::size_t* received = nullptr);
  // Reads at most `max` bytes that arrive within `timeout` ("" when none did).
  std::string read_some(std::size_t max, std::chrono::milliseconds timeout);
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read beyond the last answer
};

}  // namespace turnus::test
