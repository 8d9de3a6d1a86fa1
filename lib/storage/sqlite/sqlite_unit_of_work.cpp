// SPDX-License-Identifier: MIT
// Each operation forwards to the SQLite repository function of the same name.
#include "storage/sqlite/sqlite_unit_of_work.hpp"

#include "storage/sqlite/change_repository.hpp"
#include "storage/sqlite/event_list_query.hpp"
#include "storage/sqlite/event_repository.hpp"
#include "storage/sqlite/integrity_repository.hpp"
#include "storage/sqlite/login_failure_repository.hpp"
#include "storage/sqlite/session_repository.hpp"
#include "storage/sqlite/settings_repository.hpp"
#include "storage/sqlite/share_repository.hpp"
#include "storage/sqlite/user_repository.hpp"

namespace eventcollab::storage {

User SqliteUnitOfWork::insert_user(std::string_view username, std::optional<std::string_view> email,
                                   std::string_view password_hash, std::int64_t now) {
  return storage::insert_user(tx_, username, email, password_hash, now);
}

std::optional<UserRow> SqliteUnitOfWork::find_user_by_name(std::string_view username) {
  return storage::find_user_by_name(tx_, username);
}

std::optional<User> SqliteUnitOfWork::find_user_by_id(UserId id) {
  return storage::find_user_by_id(tx_, id);
}

void SqliteUnitOfWork::update_password_hash(UserId id, std::string_view hash) {
  storage::update_password_hash(tx_, id, hash);
}

std::int64_t SqliteUnitOfWork::insert_session(UserId user, std::int64_t now,
                                              std::int64_t expires_at) {
  return storage::insert_session(tx_, user, now, expires_at);
}

std::optional<std::string> SqliteUnitOfWork::active_session_username(std::int64_t session,
                                                                     UserId user,
                                                                     std::int64_t now) {
  return storage::active_session_username(tx_, session, user, now);
}

bool SqliteUnitOfWork::revoke_session(std::int64_t session, std::int64_t now) {
  return storage::revoke_session(tx_, session, now);
}

void SqliteUnitOfWork::insert_refresh_token(std::string_view token_hash, std::int64_t session,
                                            std::int64_t now, std::int64_t expires_at) {
  storage::insert_refresh_token(tx_, token_hash, session, now, expires_at);
}

std::optional<RefreshRow> SqliteUnitOfWork::find_refresh_token(std::string_view token_hash) {
  return storage::find_refresh_token(tx_, token_hash);
}

void SqliteUnitOfWork::mark_refresh_token_used(std::string_view token_hash, std::int64_t now) {
  storage::mark_refresh_token_used(tx_, token_hash, now);
}

void SqliteUnitOfWork::prune_expired_sessions(std::int64_t now, std::int64_t limit) {
  storage::prune_expired_sessions(tx_, now, limit);
}

std::int64_t SqliteUnitOfWork::count_login_failures(std::string_view username_key,
                                                    std::int64_t since, std::int64_t* oldest) {
  return storage::count_login_failures(tx_, username_key, since, oldest);
}

void SqliteUnitOfWork::record_login_failure(std::string_view username_key, std::int64_t now) {
  storage::record_login_failure(tx_, username_key, now);
}

void SqliteUnitOfWork::clear_login_failures(std::string_view username_key) {
  storage::clear_login_failures(tx_, username_key);
}

void SqliteUnitOfWork::prune_login_failures(std::int64_t before, std::int64_t limit) {
  storage::prune_login_failures(tx_, before, limit);
}

std::optional<std::string> SqliteUnitOfWork::get_setting(std::string_view key) {
  return storage::get_setting(tx_, key);
}

void SqliteUnitOfWork::put_setting(std::string_view key, std::string_view value) {
  storage::put_setting(tx_, key, value);
}

std::optional<Event> SqliteUnitOfWork::find_event_for(EventId id, UserId viewer) {
  return storage::find_event_for(tx_, id, viewer);
}

EventId SqliteUnitOfWork::insert_event(UserId owner, const EventDraft& draft, const EventSpan& span,
                                       std::int64_t now) {
  return storage::insert_event(tx_, owner, draft, span, now);
}

bool SqliteUnitOfWork::update_event(const Event& event, events::FieldMask changed,
                                    const EventSpan& span) {
  return storage::update_event(tx_, event, changed, span);
}

void SqliteUnitOfWork::delete_event(EventId id) { storage::delete_event(tx_, id); }

std::vector<Event> SqliteUnitOfWork::list_visible_events(UserId viewer, const ListFilter& filter) {
  return storage::list_visible_events(tx_, viewer, filter);
}

std::vector<Event> SqliteUnitOfWork::list_window_candidates(
    UserId viewer, std::int64_t from, std::int64_t to, const std::optional<std::string>& needle) {
  return storage::list_window_candidates(tx_, viewer, from, to, needle);
}

std::int64_t SqliteUnitOfWork::append_change(EventId event, ChangeType type, std::int64_t version,
                                             std::int64_t at, UserId by) {
  return storage::append_change(tx_, event, type, version, at, by);
}

std::vector<Change> SqliteUnitOfWork::list_changes_for(UserId viewer, std::int64_t after,
                                                       std::int64_t limit) {
  return storage::list_changes_for(tx_, viewer, after, limit);
}

std::vector<AudiencedChange> SqliteUnitOfWork::list_changes_after(std::int64_t after,
                                                                  std::int64_t limit) {
  return storage::list_changes_after(tx_, after, limit);
}

std::pair<std::int64_t, std::int64_t> SqliteUnitOfWork::change_bounds() {
  return storage::change_bounds(tx_);
}

void SqliteUnitOfWork::prune_changes(std::int64_t before, std::int64_t limit) {
  storage::prune_changes(tx_, before, limit);
}

void SqliteUnitOfWork::insert_version(EventId event, const Version& v) {
  storage::insert_version(tx_, event, v);
}

std::vector<Version> SqliteUnitOfWork::list_versions(EventId event) {
  return storage::list_versions(tx_, event);
}

std::optional<Version> SqliteUnitOfWork::find_version(EventId event, std::int64_t number) {
  return storage::find_version(tx_, event, number);
}

std::optional<Permission> SqliteUnitOfWork::find_share(EventId event, UserId user) {
  return storage::find_share(tx_, event, user);
}

bool SqliteUnitOfWork::upsert_share(EventId event, UserId user, Permission p, std::int64_t now) {
  return storage::upsert_share(tx_, event, user, p, now);
}

void SqliteUnitOfWork::delete_share(EventId event, UserId user) {
  storage::delete_share(tx_, event, user);
}

std::vector<Share> SqliteUnitOfWork::list_shares(EventId event) {
  return storage::list_shares(tx_, event);
}

void SqliteUnitOfWork::find_damage(std::vector<std::string>& problems) {
  storage::find_sqlite_damage(tx_, problems);
}

void SqliteUnitOfWork::find_broken_invariants(std::vector<std::string>& problems) {
  storage::find_broken_invariants(tx_, problems);
}

}  // namespace eventcollab::storage
