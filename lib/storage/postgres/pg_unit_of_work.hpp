// SPDX-License-Identifier: MIT
#pragma once

#include "storage/postgres/pg_pool.hpp"
#include "storage/unit_of_work.hpp"

namespace eventcollab::storage::postgres {

/// A UnitOfWork on one pooled PostgreSQL connection. write: SERIALIZABLE, so whatever it read
/// stays true until commit or the unit fails with RetryableConflict; find_event_for also locks
/// the event row, so writers of one event queue instead of failing one another. read:
/// REPEATABLE READ READ ONLY. single_statement: no BEGIN, the statement is its own snapshot.
/// The statements live in pg_auth_queries.cpp, pg_event_queries.cpp and pg_integrity.cpp.
class PgUnitOfWork final : public UnitOfWork {
 public:
  PgUnitOfWork(PgPool::Lease conn, TxKind kind);

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
  PgConnection& conn() { return *conn_; }

  // In this order: the transaction ends before the connection goes back to the pool.
  PgPool::Lease conn_;
  TxKind kind_;
  PgTransaction tx_;
};

}  // namespace eventcollab::storage::postgres
