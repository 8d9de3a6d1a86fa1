// SPDX-License-Identifier: MIT
// The only file that knows Boost.Beast. The connection's shape follows Beast's
// advanced_server example, with the handler moved off the I/O threads onto a worker pool
// unless it is quick.
#include "http/transport/transport.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "eventcollab/error.hpp"
#include "http/stream_channel.hpp"

namespace eventcollab::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using beast::error_code;

// Request line plus headers. A bearer token is well under 1 KiB; 16 KiB leaves room.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// After a response that closes the connection, what the client still sends is read and
// dropped for at most this long and this much, so it sees the response instead of a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;

bool known_method(bhttp::verb v) {
  using bhttp::verb;
  return v == verb::get || v == verb::head || v == verb::post || v == verb::put ||
         v == verb::patch || v == verb::delete_ || v == verb::options;
}

std::chrono::seconds seconds_at_least_1(int s) { return std::chrono::seconds(std::max(1, s)); }

}  // namespace

class Session;

struct Transport::Impl {
  Impl(const HttpOptions& o, TransportHooks h)
      : options(o),
        hooks(std::move(h)),
        workers(std::max<std::size_t>(1, o.threads)),
        acceptor(io),
        accept_retry(io) {}

  HttpOptions options;
  TransportHooks hooks;
  // Declared before the I/O objects: a Session destroyed with them still unregisters here.
  std::mutex mutex;  // guards stopping and sessions
  bool stopping = false;
  std::list<std::weak_ptr<Session>> sessions{};

  net::io_context io;
  net::thread_pool workers;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  bool bound = false;
  // Streams started whose resources (subscriptions) are not yet released.
  std::atomic<std::size_t> streams{0};

  void accept();
  void on_stop();
};

// One TCP connection. Everything but the handler runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Transport::Impl& server)
      : server_(server), options_(server.options), stream_(std::move(socket)) {}
  ~Session() {
    // Destroyed with the I/O context, the workers may be gone: release here.
    if (channel_) {
      channel_->detach().clear();
      server_.streams.fetch_sub(1);
    }
    if (!registered_) return;
    std::lock_guard lock(server_.mutex);
    server_.sessions.erase(registration_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Registers with the server (so stop() finds it) and starts reading; false when stopping.
  bool start() {
    {
      std::lock_guard lock(server_.mutex);
      if (server_.stopping) return false;
      registration_ = server_.sessions.insert(server_.sessions.end(), weak_from_this());
      registered_ = true;
    }
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->wait_for_request(); });
    return true;
  }

  /// From stop(): a connection not busy with a request closes now; a busy one after its reply.
  void on_stop() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ != Phase::handling && self->phase_ != Phase::writing) self->close_now();
    });
  }

 private:
  enum class Phase { waiting, head, body, handling, writing, streaming, closing, closed };

  bool stopping() {
    std::lock_guard lock(server_.mutex);
    return server_.stopping;
  }

  void wait_for_request() {
    if (stopping()) return close_now();
    phase_ = Phase::waiting;
    if (buffer_.size() > 0) return read_head();  // a pipelined request is already here
    // The first request of a connection gets the read timeout, later ones the idle timeout.
    stream_.expires_after(served_ == 0 ? seconds_at_least_1(options_.read_timeout_seconds)
                                       : seconds_at_least_1(options_.keep_alive_timeout_seconds));
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              if (ec || self->phase_ == Phase::closed) return self->close_now();
                              self->buffer_.commit(n);
                              self->read_head();
                            });
  }

  void read_head() {
    phase_ = Phase::head;
    started_ = Clock::now();
    request_ = Request{};
    head_only_ = false;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(options_.max_body_bytes);
    stream_.expires_after(seconds_at_least_1(options_.read_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(error_code ec) {
    if (phase_ == Phase::closed) return;
    if (ec) return read_failed(ec, "the request head");
    const auto& head = parser_->get();
    copy_head(head);
    if (head.version() != 10 && head.version() != 11) {
      return fail(400, "only HTTP/1.0 and HTTP/1.1 are served");
    }
    if (!known_method(head.method())) {
      return fail(501, fmt::format("method {} is not implemented", head.method_string()));
    }
    // A Transfer-Encoding other than chunked leaves the body's end unknown (RFC 9112 §6.1).
    if (head.find(bhttp::field::transfer_encoding) != head.end() && !parser_->chunked()) {
      return fail(400, "Transfer-Encoding other than chunked is not accepted");
    }
    if (parser_->is_done()) return dispatch();
    const auto expect = head.find(bhttp::field::expect);
    if (expect != head.end() && beast::iequals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(seconds_at_least_1(options_.write_timeout_seconds));
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](error_code e, std::size_t) {
                         if (e || self->phase_ == Phase::closed) return self->close_now();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    phase_ = Phase::body;
    stream_.expires_after(seconds_at_least_1(options_.read_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (self->phase_ == Phase::closed) return;
                        if (ec) return self->read_failed(ec, "the request body");
                        self->dispatch();
                      });
  }

  // A read that did not end in a complete request: answer if the client can still hear it,
  // always closing, since where the next request would start is unknown.
  void read_failed(error_code ec, std::string_view what) {
    if (ec == net::error::operation_aborted || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == bhttp::error::end_of_stream) {
      return close_now();  // the client went away (or the server stops)
    }
    if (ec == beast::error::timeout) {
      return fail(408, fmt::format("{} did not arrive within {} s", what,
                                   std::max(1, options_.read_timeout_seconds)));
    }
    if (ec == bhttp::error::body_limit) {
      return fail(413, fmt::format("request body larger than {} bytes", options_.max_body_bytes));
    }
    if (ec == bhttp::error::header_limit) {
      return fail(431, fmt::format("request line and headers larger than {} bytes", kHeaderLimit));
    }
    if (ec == bhttp::error::bad_content_length) return fail(400, "bad Content-Length");
    if (ec == bhttp::error::bad_transfer_encoding) {
      return fail(400, "bad Transfer-Encoding (with Content-Length, or repeated)");
    }
    if (ec == bhttp::error::partial_message) return fail(400, "the request ended early");
    return fail(400, "malformed request");
  }

  void copy_head(const bhttp::request_parser<bhttp::string_body>::value_type& head) {
    request_.method = std::string(head.method_string());
    request_.target = std::string(head.target());
    for (const auto& field : head) {
      request_.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    parse_target(request_);
    head_only_ = head.method() == bhttp::verb::head;
    version_ = head.version();
  }

  void dispatch() {
    phase_ = Phase::handling;
    stream_.expires_never();
    auto message = parser_->release();
    parser_.reset();
    request_.body = std::move(message.body());
    keep_alive_ = message.keep_alive();
    if (server_.hooks.quick && server_.hooks.quick(request_)) {
      Response response;
      answer(response);
      return write(std::move(response), !keep_alive_);
    }
    // Everything else leaves the I/O threads, which never block on a handler; the work guard
    // keeps run() alive until the response is written.
    net::post(server_.workers,
              [self = shared_from_this(), work = net::make_work_guard(server_.io)]() mutable {
                Response response;
                self->answer(response);
                net::post(self->stream_.get_executor(),
                          [self, response = std::move(response), work = std::move(work)]() mutable {
                            self->write(std::move(response), !self->keep_alive_);
                          });
              });
  }

  void answer(Response& response) {
    try {
      server_.hooks.handle(request_, response);
    } catch (...) {
      response = {};
      server_.hooks.error(response, 500, "internal server error");
    }
  }

  void fail(int status, std::string_view detail) {
    Response response;
    server_.hooks.error(response, status, detail);
    write(std::move(response), true);
  }

  void write(Response response, bool close) {
    if (response.stream) {
      channel_ = std::move(response.stream);
      server_.streams.fetch_add(1);
      if (phase_ == Phase::closed) return release_stream();
      return start_stream(response);
    }
    if (phase_ == Phase::closed) return;
    phase_ = Phase::writing;
    ++served_;
    close = close || served_ >= std::max<std::size_t>(1, options_.keep_alive_max_requests) ||
            stopping();
    if (server_.hooks.log) server_.hooks.log(request_, response.status, Clock::now() - started_);
    out_ = {};
    out_.version(version_);
    out_.result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers) {
      // The transport frames the message and owns the connection: one of each, set below.
      if (beast::iequals(name, "Connection") || beast::iequals(name, "Content-Length") ||
          beast::iequals(name, "Transfer-Encoding")) {
        continue;
      }
      out_.insert(name, value);
    }
    out_.body() = std::move(response.body);  // moved, never copied
    out_.keep_alive(!close);
    if (head_only_) {
      out_.content_length(out_.body().size());
      out_.body().clear();
    } else if (response.status != 204 && response.status != 304) {
      out_.content_length(out_.body().size());
    }
    close_after_write_ = close;
    stream_.expires_after(seconds_at_least_1(options_.write_timeout_seconds));
    bhttp::async_write(stream_, out_, [self = shared_from_this()](error_code ec, std::size_t) {
      self->out_ = {};  // a large body is freed at once, not at the next response
      if (ec || self->phase_ == Phase::closed) return self->close_now();
      if (self->close_after_write_) return self->linger();
      self->wait_for_request();
    });
  }

  // Sends FIN, then reads and drops what the client still sends until it closes too.
  void linger() {
    phase_ = Phase::closing;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    if (!scratch_) scratch_ = std::make_unique<std::array<char, 16384>>();
    drain();
  }

  void drain() {
    stream_.async_read_some(
        net::buffer(*scratch_), [self = shared_from_this()](error_code ec, std::size_t n) {
          self->lingered_ += n;
          if (ec || self->lingered_ > kLingerBytes || self->phase_ == Phase::closed) {
            return self->close_now();
          }
          self->drain();
        });
  }

  // A streamed response: the head, then whatever the channel receives, with the connection
  // closing at its end (the framing of a body of unknown length that works for HTTP/1.0 and
  // 1.1 alike, and a stream never shares its connection anyway). It is out of the request
  // timeouts: only each write has a deadline. A read stays pending to see the client leave.
  void start_stream(const Response& response) {
    phase_ = Phase::streaming;
    ++served_;
    if (server_.hooks.log) server_.hooks.log(request_, response.status, Clock::now() - started_);
    std::string head = fmt::format(
        "HTTP/1.{} {} {}\r\n", version_ == 10 ? 0 : 1, response.status,
        bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(response.status))));
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "Connection") || beast::iequals(name, "Content-Length") ||
          beast::iequals(name, "Transfer-Encoding")) {
        continue;
      }
      head += fmt::format("{}: {}\r\n", name, value);
    }
    head += "Connection: close\r\n\r\n";
    // Held for as long as the stream lasts: keep only what it needs.
    request_ = Request{};
    buffer_.clear();
    buffer_.shrink_to_fit();
    stream_out_ = std::move(head);
    stream_writing_ = true;
    stream_.expires_after(seconds_at_least_1(options_.write_timeout_seconds));
    net::async_write(stream_, net::buffer(stream_out_),
                     [self = shared_from_this()](error_code ec, std::size_t) {
                       self->stream_writing_ = false;
                       if (ec || self->phase_ == Phase::closed || self->head_only_) {
                         return self->close_now();
                       }
                       self->watch_client();
                       self->tick();
                       self->channel_->attach(
                           [weak = self->weak_from_this(), ex = self->stream_.get_executor()] {
                             net::post(ex, [weak] {
                               if (auto s = weak.lock()) s->pump();
                             });
                           });
                     });
  }

  // The client sends nothing on a stream; its EOF (or reset) ends it at once.
  void watch_client() {
    stream_.expires_never();
    stream_.async_read_some(net::buffer(peek_),
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec || self->phase_ == Phase::closed) return self->close_now();
                              self->watch_client();
                            });
  }

  // Keep-alive comments, and the route's check (token still valid) on a worker.
  void tick() {
    if (!tick_) tick_.emplace(stream_.get_executor());
    tick_->expires_after(seconds_at_least_1(options_.stream_keep_alive_seconds));
    tick_->async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->phase_ != Phase::streaming) return;
      net::post(self->server_.workers, [channel = self->channel_] {
        if (channel->still_valid()) {
          channel->push(": keep-alive\n\n");
        } else {
          channel->close();
        }
      });
      self->tick();
    });
  }

  void pump() {
    if (phase_ != Phase::streaming || stream_writing_) return;
    StreamChannel::Batch batch = channel_->take();
    if (batch.overflow || (batch.ended && batch.text.empty())) return close_now();
    if (batch.text.empty()) return;
    stream_out_ = std::move(batch.text);
    stream_writing_ = true;
    // Only the write pending has a deadline: the read watching the client has none.
    stream_.expires_after(seconds_at_least_1(options_.write_timeout_seconds));
    net::async_write(stream_, net::buffer(stream_out_),
                     [self = shared_from_this()](error_code ec, std::size_t) {
                       self->stream_writing_ = false;
                       self->stream_out_.clear();
                       if (ec || self->phase_ == Phase::closed) return self->close_now();
                       self->pump();
                       if (!self->stream_writing_) self->drained();
                     });
  }

  // All written: the route's wait for that (a backlog's next page) runs on a worker, since
  // it may read the database.
  void drained() {
    if (phase_ != Phase::streaming) return;
    if (auto next = channel_->take_drained()) net::post(server_.workers, std::move(next));
  }

  // Ends the stream for the route too: what it held (a subscription) is released on a
  // worker, since cancelling may wait for a callback in flight.
  void release_stream() {
    auto held = channel_->detach();
    channel_.reset();
    net::post(server_.workers, [held = std::move(held), &streams = server_.streams]() mutable {
      held.clear();
      streams.fetch_sub(1);
    });
  }

  void close_now() {
    if (phase_ == Phase::closed) return;
    if (tick_) tick_->cancel();
    if (channel_) release_stream();
    phase_ = Phase::closed;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();  // pending operations complete with operation_aborted
  }

  Transport::Impl& server_;
  const HttpOptions& options_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_{};
  bhttp::response<bhttp::string_body> out_{};
  Request request_{};
  std::list<std::weak_ptr<Session>>::iterator registration_{};
  Phase phase_ = Phase::waiting;
  Clock::time_point started_{};
  std::size_t served_ = 0;
  std::size_t lingered_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_only_ = false;
  bool close_after_write_ = false;
  bool registered_ = false;
  std::shared_ptr<StreamChannel> channel_{};
  std::optional<net::steady_timer> tick_{};
  std::string stream_out_{};
  bool stream_writing_ = false;
  // Allocated only to linger, so an idle connection or an open stream stays small.
  std::unique_ptr<std::array<char, 16384>> scratch_{};
  std::array<char, 64> peek_{};
};

void Transport::Impl::accept() {
  acceptor.async_accept(net::make_strand(io), [this](error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors (or another passing failure): wait instead of spinning;
      // the connection stays in the backlog until then.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](error_code e) {
        if (!e) accept();
      });
      return;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // else each reply waits ~40 ms for an ACK
    auto session = std::make_shared<Session>(std::move(socket), *this);
    if (!session->start()) return;
    accept();
  });
}

void Transport::Impl::on_stop() {
  error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(mutex);
    for (const auto& weak : sessions) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
  }
  for (const auto& s : open) s->on_stop();
}

Transport::Transport(const HttpOptions& options, TransportHooks hooks)
    : impl_(std::make_unique<Impl>(options, std::move(hooks))) {}

Transport::~Transport() {
  stop();
  impl_->workers.join();
}

int Transport::bind(const std::string& host, int port) {
  auto& acceptor = impl_->acceptor;
  try {
    tcp::resolver resolver(impl_->io);
    const auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor.open(endpoint.protocol());
    // SO_REUSEADDR (a quick restart), never SO_REUSEPORT (a second server would take half).
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    impl_->bound = true;
    return acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    error_code ignored;
    acceptor.close(ignored);
    throw Error(Errc::invalid_argument,
                fmt::format("cannot listen on {}:{}: {}", host, port, e.code().message()));
  }
}

void Transport::run() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping || !impl_->bound) return;
  }
  impl_->accept();
  const std::size_t extra = std::max(1, impl_->options.io_threads) - 1;
  std::vector<std::thread> io_threads;
  for (std::size_t i = 0; i < extra; ++i) io_threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();  // returns once the acceptor is closed and every connection has ended
  for (auto& t : io_threads) t.join();
}

std::size_t Transport::open_streams() const noexcept { return impl_->streams.load(); }

void Transport::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  // Runs on an I/O thread once run() runs (at once if it does); dropped if it never does.
  net::post(impl_->io, [impl = impl_.get()] { impl->on_stop(); });
}

}  // namespace eventcollab::http
