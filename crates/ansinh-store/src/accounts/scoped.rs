//! Accounts and API tokens through the scope: only a role that may manage users (the
//! administrator) lists, creates, disables, resets and unlocks accounts, and only one that may manage
//! tokens issues and revokes the integrators' API tokens. The store's own methods check the
//! password policy and the areas; this layer adds who may call them.

use ansinh_core::access::{Domain, Role};
use ansinh_core::accounts::AccountsError;
use uuid::Uuid;

use crate::StoreError;
use crate::accounts::{ApiToken, NewUser, User};
use crate::error::Result;
use crate::scoped::Scoped;

impl Scoped<'_> {
    pub async fn users(&self) -> Result<Vec<User>> {
        self.require(Domain::Accounts.administer(), crate::accounts::USER)
            .await?;
        self.store.list_users().await
    }

    /// Creates an account that must choose its own password at its first login.
    pub async fn create_user(&self, new: &NewUser<'_>) -> Result<User> {
        self.require(Domain::Accounts.administer(), crate::accounts::USER)
            .await?;
        self.store.create_user(&self.actor, new).await
    }

    /// Sets a temporary password, ends the account's sessions and makes it choose a new one.
    pub async fn reset_password(&self, user: Uuid, password: &str) -> Result<()> {
        self.require(Domain::Accounts.administer(), crate::accounts::USER)
            .await?;
        self.store
            .set_password(&self.actor, user, password, true)
            .await
    }

    /// Clears the account's sign-in back-off, so it can sign in again at once from anywhere.
    pub async fn clear_login_backoff(&self, user: Uuid) -> Result<()> {
        self.require(Domain::Accounts.administer(), crate::accounts::USER)
            .await?;
        self.store.clear_login_backoff(&self.actor, user).await
    }

    /// Disables or enables an account; disabling ends its sessions. An administrator cannot
    /// disable their own account, which could leave nobody to enable it again.
    pub async fn set_user_disabled(&self, user: Uuid, disabled: bool) -> Result<()> {
        self.require(Domain::Accounts.administer(), crate::accounts::USER)
            .await?;
        let target = self.store.user(user).await?;
        if disabled && target.actor() == self.actor {
            return Err(AccountsError::SelfDisable.into());
        }
        self.store
            .set_user_disabled(&self.actor, user, disabled)
            .await
    }

    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>> {
        self.require(Domain::Accounts.administer(), crate::accounts::API_TOKEN)
            .await?;
        self.store.api_tokens().await
    }

    /// Issues a token in the name of the signed-in account; the secret is returned once.
    pub async fn create_api_token(
        &self,
        name: &str,
        role: Role,
        area_codes: &[&str],
    ) -> Result<(ApiToken, String)> {
        self.require(Domain::Accounts.administer(), crate::accounts::API_TOKEN)
            .await?;
        let me = self
            .store
            .user_by_username(&self.actor.0)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "người dùng",
                key: self.actor.0.clone(),
            })?;
        self.store
            .create_api_token(&self.actor, me.id, name, role, area_codes)
            .await
    }

    pub async fn revoke_api_token(&self, id: Uuid) -> Result<()> {
        self.require(Domain::Accounts.administer(), crate::accounts::API_TOKEN)
            .await?;
        self.store.revoke_api_token(&self.actor, id).await
    }
}
