// ConnectionRegistry: the open connections, for the limits on how many there may be in all
// and per peer address. An idle keep-alive connection (waiting for the first byte of its
// next request) costs only a socket, but sockets are finite: when a limit is reached, the
// connection that has been idle longest is closed to make room (of the same peer for the
// per-peer limit); when no connection is idle, the new one is refused.
//
// Thread-safety: every member may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace turnus::http {

class ConnectionRegistry {
 public:
  using Id = std::uint64_t;
  // Closes the connection; called outside the registry's lock, from any thread.
  using Closer = std::function<void()>;

  struct Limits {
    std::size_t max_total = 10'000;
    std::size_t max_per_peer = 1'000;
  };
  struct Admission {
    std::optional<Id> id;         // none: refused
    std::vector<Closer> evicted;  // idle connections to close to make room
  };

  explicit ConnectionRegistry(Limits limits) : limits_(limits) {}

  // A new connection from `peer`: its id, plus the idle connections the caller must close
  // for it; or no id when the limits are reached and nothing idle can make room.
  Admission admit(const std::string& peer, Closer closer);
  void set_idle(Id id, bool idle);
  // The connection has ended. Safe for an evicted one.
  void remove(Id id);
  // The connection idle longest, taken out of the counts (out of file descriptors).
  std::optional<Closer> evict_oldest_idle();
  // Every idle connection (graceful shutdown): the caller closes them.
  std::vector<Closer> idle_closers();

  std::size_t open() const;
  std::size_t open_from(const std::string& peer) const;

 private:
  struct Entry {
    std::string peer;
    Closer closer;
    std::optional<std::uint64_t> idle_since;  // a sequence number; smaller = idle longer
  };
  // The longest idle connection (of `peer` when given); removed from the counts. Under lock.
  std::optional<Closer> evict_locked(const std::string* peer);
  void forget_locked(std::unordered_map<Id, Entry>::iterator entry);

  const Limits limits_;
  mutable std::mutex mutex_;
  Id next_id_ = 1;
  std::uint64_t next_idle_ = 1;
  std::unordered_map<Id, Entry> entries_;
  std::map<std::string, std::size_t> per_peer_;
  std::set<std::pair<std::uint64_t, Id>> idle_;  // by idle_since
};

}  // namespace turnus::http
