#include "http/connection_registry.hpp"

namespace turnus::http {

ConnectionRegistry::Admission ConnectionRegistry::admit(const std::string& peer, Closer closer) {
  Admission admission;
  const std::lock_guard lock(mutex_);
  const auto count_of = [this](const std::string& p) {
    const auto found = per_peer_.find(p);
    return found == per_peer_.end() ? std::size_t{0} : found->second;
  };
  while (count_of(peer) >= limits_.max_per_peer) {
    std::optional<Closer> victim = evict_locked(&peer);
    if (!victim) return admission;
    admission.evicted.push_back(std::move(*victim));
  }
  while (entries_.size() >= limits_.max_total) {
    std::optional<Closer> victim = evict_locked(nullptr);
    if (!victim) return admission;
    admission.evicted.push_back(std::move(*victim));
  }
  const Id id = next_id_++;
  entries_.emplace(id, Entry{peer, std::move(closer), std::nullopt});
  ++per_peer_[peer];
  admission.id = id;
  return admission;
}

std::optional<ConnectionRegistry::Closer> ConnectionRegistry::evict_locked(const std::string* peer) {
  for (const auto& [since, id] : idle_) {
    const auto entry = entries_.find(id);
    if (entry == entries_.end() || (peer != nullptr && entry->second.peer != *peer)) continue;
    Closer closer = std::move(entry->second.closer);
    forget_locked(entry);
    return closer;
  }
  return std::nullopt;
}

void ConnectionRegistry::forget_locked(std::unordered_map<Id, Entry>::iterator entry) {
  if (entry->second.idle_since) idle_.erase({*entry->second.idle_since, entry->first});
  const auto peer = per_peer_.find(entry->second.peer);
  if (peer != per_peer_.end() && --peer->second == 0) per_peer_.erase(peer);
  entries_.erase(entry);
}

void ConnectionRegistry::set_idle(Id id, bool idle) {
  const std::lock_guard lock(mutex_);
  const auto entry = entries_.find(id);
  if (entry == entries_.end()) return;
  std::optional<std::uint64_t>& since = entry->second.idle_since;
  if (since) {
    idle_.erase({*since, id});
    since.reset();
  }
  if (idle) {
    since = next_idle_++;
    idle_.insert({*since, id});
  }
}

void ConnectionRegistry::remove(Id id) {
  const std::lock_guard lock(mutex_);
  const auto entry = entries_.find(id);
  if (entry != entries_.end()) forget_locked(entry);
}

std::optional<ConnectionRegistry::Closer> ConnectionRegistry::evict_oldest_idle() {
  const std::lock_guard lock(mutex_);
  return evict_locked(nullptr);
}

std::vector<ConnectionRegistry::Closer> ConnectionRegistry::idle_closers() {
  const std::lock_guard lock(mutex_);
  std::vector<Closer> out;
  for (const auto& [since, id] : idle_) {
    const auto entry = entries_.find(id);
    if (entry != entries_.end()) out.push_back(entry->second.closer);
  }
  return out;
}

std::size_t ConnectionRegistry::open() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ConnectionRegistry::open_from(const std::string& peer) const {
  const std::lock_guard lock(mutex_);
  const auto found = per_peer_.find(peer);
  return found == per_peer_.end() ? 0 : found->second;
}

}  // namespace turnus::http
