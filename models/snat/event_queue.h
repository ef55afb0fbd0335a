// EventQueue: the pending-event set of a discrete-event simulation (ns-3's Scheduler idea).
// An event is an integer time and a 64-bit payload the simulation interprets. Pop() returns
// the event with the smallest time; events with equal times come out in insertion order
// (FIFO), so a run is a pure function of its inputs and seed.
//
// REQUIRES (monotone use, which every discrete-event simulation satisfies): each pushed time
// is >= the time of the last popped event, and times are >= 0.
//
// Implementations (one interface, so a benchmark can compare them):
//   TimingWheelQueue  hierarchical timing wheel, 256 slots per level. Push O(1); Pop O(1)
//                     amortized plus at most one move per level an event passes through
//                     (ceil(log256(delay)): 3 for a 4-minute timer in quarter-microseconds).
//                     Cost grows with the number of events, not with the simulated time
//                     span, and needs no tuning. Default.
//   BinaryHeapQueue   array binary heap ordered by (time, insertion number). Push and Pop
//                     O(log n). The reference implementation the wheel is checked against.
//
// The simulator calls the concrete classes through a template so the hot calls inline; the
// virtual interface is for tests, benchmarks and callers that pick a queue at run time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tunnelsim::snat {

// Simulation time. The SNAT simulator uses microseconds (times 4 phases, see simulator.cc).
using SimTime = int64_t;

struct Event {
  SimTime time = 0;
  uint64_t data = 0;
};

class EventQueue {
 public:
  virtual ~EventQueue() = default;
  // REQUIRES: time >= 0 and time >= the time of the last popped event.
  virtual void Push(SimTime time, uint64_t data) = 0;
  // REQUIRES: !Empty().
  virtual Event Pop() = 0;
  // The time Pop() would return, without removing it. REQUIRES: !Empty().
  virtual SimTime PeekTime() const = 0;
  virtual bool Empty() const = 0;
  virtual size_t Size() const = 0;
  virtual std::string_view Name() const = 0;
};

enum class EventQueueKind { kTimingWheel, kBinaryHeap };

std::string_view EventQueueKindName(EventQueueKind kind);
std::unique_ptr<EventQueue> MakeEventQueue(EventQueueKind kind);

}  // namespace tunnelsim::snat
