// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>

#include "storage/sqlite/connection_pool.hpp"
#include "storage/sqlite/transaction.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage {

/// A UnitOfWork on one pooled SQLite connection. A write unit holds the store's writer mutex
/// from BEGIN IMMEDIATE to its end: SQLite has one writer, so nothing it read can change
/// before it commits and RetryableConflict never happens here.
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  SqliteUnitOfWork(ConnectionPool::Lease conn, std::unique_lock<std::mutex> writer,
                   Behavior behavior)
      : writer_(std::move(writer)), conn_(std::move(conn)), tx_(*conn_, behavior) {}

  void commit() override { tx_.commit(); }

  User insert_user(std::string_view username, std::optional<std::string_view> email,
                   std::string_view password_hash, std::int64_t now) override;
  std::optional<UserRow> find_user_by_name(std::string_view username) override;
  std::optional<User> find_user_by_id(UserId id) override;
  void update_password_hash(UserId id, std::string_view hash) override;

  std::int64_t insert_session(UserId user, std::int64_t now, std::int64_t expires_at) override;
  std::optional<std::string> active_session_username(std::int64_t session, UserId user,
                                                     std::int64_t now) override;
  bool revoke_session(std::int64_t session, std::int64_t now) override;
  void insert_refresh_token(std::string_view token_hash, std::int64_t session, std::int64_t now,
                            std::int64_t expires_at) override;
  std::optional<RefreshRow> find_refresh_token(std::string_view token_hash) override;
  void mark_refresh_token_used(std::string_view token_hash, std::int64_t now) override;
  void prune_expired_sessions(std::int64_t now, std::int64_t limit) override;

  std::int64_t count_login_failures(std::string_view username_key, std::int64_t since,
                                    std::int64_t* oldest) override;
  void record_login_failure(std::string_view username_key, std::int64_t now) override;
  void clear_login_failures(std::string_view username_key) override;
  void prune_login_failures(std::int64_t before, std::int64_t limit) override;

  std::optional<std::string> get_setting(std::string_view key) override;
  void put_setting(std::string_view key, std::string_view value) override;

  std::optional<Event> find_event_for(EventId id, UserId viewer) override;
  EventId insert_event(UserId owner, const EventDraft& draft, std::int64_t now) override;
  bool update_event(const Event& event, events::FieldMask changed) override;
  void delete_event(EventId id) override;
  std::vector<Event> list_visible_events(UserId viewer, const ListFilter& filter) override;

  void insert_version(EventId event, const Version& v) override;
  std::vector<Version> list_versions(EventId event) override;
  std::optional<Version> find_version(EventId event, std::int64_t number) override;

  std::optional<Permission> find_share(EventId event, UserId user) override;
  bool upsert_share(EventId event, UserId user, Permission p, std::int64_t now) override;
  void delete_share(EventId event, UserId user) override;
  std::vector<Share> list_shares(EventId event) override;

  void find_damage(std::vector<std::string>& problems) override;
  void find_broken_invariants(std::vector<std::string>& problems) override;

 private:
  // Declared in this order so the transaction ends before the connection goes back to the
  // pool, and both before the writer mutex is released.
  std::unique_lock<std::mutex> writer_;
  ConnectionPool::Lease conn_;
  Transaction tx_;
};

}  // namespace eventcollab::storage
