// SPDX-License-Identifier: MIT
// The storage seam: the one interface the domain (auth, events, sharing, history, check) talks
// to. Each backend (storage/sqlite, storage/postgres) implements it with its own statements;
// nothing outside lib/storage/ knows which backend runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eventcollab/changes.hpp"
#include "eventcollab/error.hpp"
#include "eventcollab/event.hpp"
#include "eventcollab/history.hpp"
#include "eventcollab/share.hpp"
#include "events/fields.hpp"
#include "storage/rows.hpp"

namespace eventcollab::storage {

/// How a unit of work is begun.
enum class TxKind {
  /// A consistent snapshot of several reads.
  read,
  /// Reads and writes that commit together or not at all. Whatever was read stays true until
  /// commit: SQLite has one writer at a time; PostgreSQL runs SERIALIZABLE, so a unit may be
  /// aborted with RetryableConflict and must then be run again from the start.
  write,
  /// Exactly one statement (the hot reads: get, list, authenticate): the statement is its own
  /// snapshot, so no BEGIN/COMMIT is spent around it. Never for two statements.
  single_statement,
};

/// Thrown by any call of a write unit (commit included) when the backend aborted the
/// transaction because a concurrent one conflicted with it (PostgreSQL's serialization
/// failure or deadlock). Nothing of the unit was written; the caller runs it again. Never
/// reaches a library user: StoreCore::write retries a bounded number of times.
class RetryableConflict : public Error {
 public:
  explicit RetryableConflict(const std::string& message) : Error(Errc::storage, message) {}
};

/// One transaction. Rolls back in its destructor unless commit() ran. Every repository
/// operation is a member, so nothing can touch the database outside a transaction. Errors are
/// eventcollab::Error: conflict for a uniqueness violation (a taken username), storage for
/// anything the database refused or failed at, RetryableConflict as above.
/// A change of the feed and the users who may see it.
struct AudiencedChange {
  Change change;
  std::vector<UserId> audience;  ///< ascending
};

class UnitOfWork {
 public:
  UnitOfWork() = default;
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;
  virtual ~UnitOfWork() = default;

  virtual void commit() = 0;

  // --- users ---
  /// Throws Error: conflict when the username is taken (compared case-insensitively).
  virtual User insert_user(std::string_view username, std::optional<std::string_view> email,
                           std::string_view password_hash, std::int64_t now) = 0;
  /// Case-insensitive lookup.
  virtual std::optional<UserRow> find_user_by_name(std::string_view username) = 0;
  virtual std::optional<User> find_user_by_id(UserId id) = 0;
  virtual void update_password_hash(UserId id, std::string_view hash) = 0;

  // --- logins (sessions) and refresh tokens ---
  virtual std::int64_t insert_session(UserId user, std::int64_t now, std::int64_t expires_at) = 0;
  /// The username when session `session` of `user` is neither revoked nor expired at `now`.
  virtual std::optional<std::string> active_session_username(std::int64_t session, UserId user,
                                                             std::int64_t now) = 0;
  /// Revokes a login; false when it was already revoked or does not exist.
  virtual bool revoke_session(std::int64_t session, std::int64_t now) = 0;
  virtual void insert_refresh_token(std::string_view token_hash, std::int64_t session,
                                    std::int64_t now, std::int64_t expires_at) = 0;
  virtual std::optional<RefreshRow> find_refresh_token(std::string_view token_hash) = 0;
  virtual void mark_refresh_token_used(std::string_view token_hash, std::int64_t now) = 0;
  /// Deletes at most `limit` logins that expired before `now` (with their refresh tokens).
  virtual void prune_expired_sessions(std::int64_t now, std::int64_t limit) = 0;

  // --- failed logins (throttling) ---
  /// Failures of `username_key` at or after `since`; `*oldest` gets the oldest such time.
  virtual std::int64_t count_login_failures(std::string_view username_key, std::int64_t since,
                                            std::int64_t* oldest) = 0;
  virtual void record_login_failure(std::string_view username_key, std::int64_t now) = 0;
  virtual void clear_login_failures(std::string_view username_key) = 0;
  /// Deletes at most `limit` failures older than `before`.
  virtual void prune_login_failures(std::int64_t before, std::int64_t limit) = 0;

  // --- settings (e.g. the generated signing key) ---
  virtual std::optional<std::string> get_setting(std::string_view key) = 0;
  virtual void put_setting(std::string_view key, std::string_view value) = 0;

  // --- events ---
  /// The event as `viewer` may see it, with their permission; nullopt when it does not exist
  /// or the viewer has no access (deliberately indistinguishable). In a write unit the row is
  /// also locked against concurrent writers until commit.
  virtual std::optional<Event> find_event_for(EventId id, UserId viewer) = 0;
  /// Inserts the event row (version 1) and returns its id. Throws Error: conflict when the
  /// owner has an event with this uid.
  virtual EventId insert_event(UserId owner, const EventDraft& draft, const EventSpan& span,
                               std::int64_t now) = 0;
  /// Writes the `changed` content fields, the span, version and updated_at of `event`; other
  /// columns are not written. Returns false when the stored version is not
  /// `event.version - 1`. Throws Error: conflict (uid taken).
  virtual bool update_event(const Event& event, events::FieldMask changed,
                            const EventSpan& span) = 0;
  /// Deletes the event with its versions and shares.
  virtual void delete_event(EventId id) = 0;
  /// One page of the events `viewer` owns or has been shared, ordered by (start_time, id). Its
  /// cost grows with the page, not with the number of events the viewer may see. With a
  /// window, an event is in it when its span overlaps: a series may have no occurrence there
  /// (the caller filters).
  virtual std::vector<Event> list_visible_events(UserId viewer, const ListFilter& filter) = 0;
  /// Every event `viewer` can see whose span overlaps [from, to), in no particular order.
  /// With `needle`: those whose title, description or location contain it (text::fold_case
  /// on both sides), plus every series with overrides, since a changed occurrence may match
  /// where its series does not (the caller filters each occurrence on its own fields).
  virtual std::vector<Event> list_window_candidates(UserId viewer, std::int64_t from,
                                                    std::int64_t to,
                                                    const std::optional<std::string>& needle) = 0;

  // --- versions ---
  virtual void insert_version(EventId event, const Version& v) = 0;
  /// Oldest first.
  virtual std::vector<Version> list_versions(EventId event) = 0;
  virtual std::optional<Version> find_version(EventId event, std::int64_t number) = 0;

  // --- shares ---
  virtual std::optional<Permission> find_share(EventId event, UserId user) = 0;
  /// Inserts or changes a share; true when it was inserted.
  virtual bool upsert_share(EventId event, UserId user, Permission p, std::int64_t now) = 0;
  virtual void delete_share(EventId event, UserId user) = 0;
  /// Ordered by username.
  virtual std::vector<Share> list_shares(EventId event) = 0;

  // --- the change feed ---
  /// Appends a change of `event` to the feed with the next number of the database's sequence
  /// and records who may see it: the event's owner and the users it is shared with at this
  /// point of the unit (so call it after a change that grants, before one that takes away).
  /// Numbers are handed out in commit order. Returns the number.
  virtual std::int64_t append_change(EventId event, ChangeType type, std::int64_t version,
                                     std::int64_t at, UserId by) = 0;
  /// The changes numbered after `after` that `viewer` may see, oldest first, at most `limit`.
  virtual std::vector<Change> list_changes_for(UserId viewer, std::int64_t after,
                                               std::int64_t limit) = 0;
  /// The changes numbered after `after`, oldest first, at most `limit`, each with everyone
  /// who may see it (for the feed's thread, which hands each change to its subscribers).
  virtual std::vector<AudiencedChange> list_changes_after(std::int64_t after,
                                                          std::int64_t limit) = 0;
  /// The highest number handed out (0 when none), and the highest number pruned (0 when none).
  virtual std::pair<std::int64_t, std::int64_t> change_bounds() = 0;
  /// Deletes at most `limit` of the oldest changes made before `before`.
  virtual void prune_changes(std::int64_t before, std::int64_t limit) = 0;

  // --- integrity (Store::check), one readable line per problem ---
  /// The backend's own checks: SQLite's integrity_check and foreign_key_check; on PostgreSQL,
  /// rows whose references dangle and the tables and indexes the schema needs.
  virtual void find_damage(std::vector<std::string>& problems) = 0;
  /// The library's invariants: versions numbered 1..n, the latest snapshot equal to the event,
  /// no share with the owner, times in years 0001-9999, known permissions and kinds of change,
  /// schema_migrations agreeing with the schema version, the list query's copies in step.
  virtual void find_broken_invariants(std::vector<std::string>& problems) = 0;
};

}  // namespace eventcollab::storage

// clang-format off
/// The declarations of every UnitOfWork operation with `override`, for a backend's class body:
/// the list is written once here, and the compiler checks it against the interface above
/// (a missing or mistyped one leaves the class abstract or fails its `override`).
#define EVENTCOLLAB_UNIT_OF_WORK_OVERRIDES \
  User insert_user(std::string_view username, std::optional<std::string_view> email, \
                   std::string_view password_hash, std::int64_t now) override; \
  std::optional<UserRow> find_user_by_name(std::string_view username) override; \
  std::optional<User> find_user_by_id(UserId id) override; \
  void update_password_hash(UserId id, std::string_view hash) override; \
  std::int64_t insert_session(UserId user, std::int64_t now, std::int64_t expires_at) override; \
  std::optional<std::string> active_session_username(std::int64_t session, UserId user, \
                                                     std::int64_t now) override; \
  bool revoke_session(std::int64_t session, std::int64_t now) override; \
  void insert_refresh_token(std::string_view token_hash, std::int64_t session, std::int64_t now, \
                            std::int64_t expires_at) override; \
  std::optional<RefreshRow> find_refresh_token(std::string_view token_hash) override; \
  void mark_refresh_token_used(std::string_view token_hash, std::int64_t now) override; \
  void prune_expired_sessions(std::int64_t now, std::int64_t limit) override; \
  std::int64_t count_login_failures(std::string_view username_key, std::int64_t since, \
                                    std::int64_t* oldest) override; \
  void record_login_failure(std::string_view username_key, std::int64_t now) override; \
  void clear_login_failures(std::string_view username_key) override; \
  void prune_login_failures(std::int64_t before, std::int64_t limit) override; \
  std::optional<std::string> get_setting(std::string_view key) override; \
  void put_setting(std::string_view key, std::string_view value) override; \
  std::optional<Event> find_event_for(EventId id, UserId viewer) override; \
  EventId insert_event(UserId owner, const EventDraft& draft, const EventSpan& span, \
                       std::int64_t now) override; \
  bool update_event(const Event& event, events::FieldMask changed, const EventSpan& span) \
      override; \
  void delete_event(EventId id) override; \
  std::vector<Event> list_visible_events(UserId viewer, const ListFilter& filter) override; \
  std::vector<Event> list_window_candidates(UserId viewer, std::int64_t from, std::int64_t to, \
                                            const std::optional<std::string>& needle) override; \
  void insert_version(EventId event, const Version& v) override; \
  std::vector<Version> list_versions(EventId event) override; \
  std::optional<Version> find_version(EventId event, std::int64_t number) override; \
  std::optional<Permission> find_share(EventId event, UserId user) override; \
  bool upsert_share(EventId event, UserId user, Permission p, std::int64_t now) override; \
  void delete_share(EventId event, UserId user) override; \
  std::vector<Share> list_shares(EventId event) override; \
  std::int64_t append_change(EventId event, ChangeType type, std::int64_t version, \
                             std::int64_t at, UserId by) override; \
  std::vector<Change> list_changes_for(UserId viewer, std::int64_t after, std::int64_t limit) \
      override; \
  std::vector<AudiencedChange> list_changes_after(std::int64_t after, std::int64_t limit) \
      override;                                                                           \
  std::pair<std::int64_t, std::int64_t> change_bounds() override; \
  void prune_changes(std::int64_t before, std::int64_t limit) override; \
  void find_damage(std::vector<std::string>& problems) override; \
  void find_broken_invariants(std::vector<std::string>& problems) override;
// clang-format on
