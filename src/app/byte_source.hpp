// ByteSource: bytes read front to back in pieces (an upload spooled to a file, or a string
// in tests and tools), so that a 25 MB document passes through the use case and into the
// store without ever being held in memory as a whole.
//
// Thread-safety: one reader at a time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

namespace turnus::app {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::int64_t size() const = 0;
  // The next up to `max` bytes into `out`; 0 only at the end.
  virtual std::size_t read(char* out, std::size_t max) = 0;
  // Back to the first byte: a transaction that is run again reads the bytes again.
  virtual void rewind() = 0;
};

// A ByteSource over bytes in memory.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::int64_t size() const override { return static_cast<std::int64_t>(bytes_.size()); }
  std::size_t read(char* out, std::size_t max) override {
    const std::size_t n = std::min(max, bytes_.size() - position_);
    std::memcpy(out, bytes_.data() + position_, n);
    position_ += n;
    return n;
  }
  void rewind() override { position_ = 0; }

 private:
  std::string bytes_;
  std::size_t position_ = 0;
};

inline std::shared_ptr<ByteSource> bytes_of(std::string bytes) {
  return std::make_shared<StringSource>(std::move(bytes));
}

}  // namespace turnus::app
