using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Security;

/// <summary>
/// The one way an account is created, changed, (de)activated or sent a set-password link. Each call is one transaction
/// holding the change, its audit entries (for the CSS or organisation whose families it reaches) and its notices, so none
/// exists without the others. Identity's own saves run inside that transaction.
/// </summary>
public sealed class Accounts(PartnerNetworkDb db, UserManager<User> users, AccountMail mail, TimeProvider clock)
{
    /// <summary>What an account should be. Attachments a role does not use are dropped (a partner has no schools).</summary>
    public sealed record Request(string Email, string DisplayName, Role Role, Guid? ServiceCentreId, Guid? OrganizationId, IReadOnlyCollection<Guid> SchoolIds);

    public enum Outcome { Created, Saved, NotFound, DuplicateEmail, Failed }

    /// <summary>
    /// Creates the account (<paramref name="userId"/> null; it then receives its set-password link) or changes it.
    /// A new e-mail, role or attachment renews the security stamp — sessions end, links in mailboxes die — and a new
    /// e-mail is announced to the old address and the new one. The caller validates the attachments first.
    /// </summary>
    public async Task<(Outcome Outcome, User? User)> SaveAsync(Actor actor, Guid? userId, Request request)
    {
        try
        {
            var result = await db.InTransactionAsync(() => SaveInTransactionAsync(actor, userId, request), db.ChangeTracker.Clear);
            if (result.Outcome is not (Outcome.Created or Outcome.Saved)) db.ChangeTracker.Clear();
            return result;
        }
        catch (DbUpdateException)
        {
            // Two admins giving the same e-mail at once: the database's unique index keeps one.
            db.ChangeTracker.Clear();
            return (Outcome.DuplicateEmail, null);
        }
    }

    /// <summary>
    /// A new one-time link for an active account. The address the account had before its last e-mail change is told,
    /// so an account moved to another mailbox and then reset does not go unseen by its former owner.
    /// </summary>
    public Task<bool> SendSetPasswordLinkAsync(Actor actor, Guid userId) => db.InTransactionAsync(async () =>
    {
        var user = await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null || !user.IsActive || user.Email is null) return false;
        await SendLinkAsync(actor, user, await AccessOfAsync(user));
        await db.SaveChangesAsync();
        return true;
    }, db.ChangeTracker.Clear);

    /// <summary>Deactivation ends every session and voids any set-password link still in a mailbox; null when not found.</summary>
    public Task<bool?> SetActiveAsync(Actor actor, Guid userId, bool active) => db.InTransactionAsync<bool?>(async () =>
    {
        var user = await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null) return null;
        if (user.IsActive == active) return false;
        var before = await AccessOfAsync(user);
        user.IsActive = active;
        user.SecurityStamp = NewStamp();
        if (active) user.LockoutEnd = null;
        await AuditAsync(actor, user, before, before with { IsActive = active });
        await db.SaveChangesAsync();
        if (!active) await SessionStore.EndAllAsync(db, user.Id);
        return true;
    }, db.ChangeTracker.Clear);

    async Task<(Outcome Outcome, User? User)> SaveInTransactionAsync(Actor actor, Guid? userId, Request request)
    {
        var user = userId is { } id ? await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == id) : null;
        if (userId is not null && user is null) return (Outcome.NotFound, null);
        var created = user is null;
        var before = created ? AccountAccess.None : await AccessOfAsync(user!);

        user ??= new User { Id = Guid.NewGuid() };
        user.Email = user.UserName = request.Email.Trim();
        user.DisplayName = request.DisplayName.Trim();
        user.EmailConfirmed = true;
        user.ServiceCentreId = request.Role is Role.Agent or Role.CssStaff ? request.ServiceCentreId : null;
        user.OrganizationId = request.Role == Role.PartnerStaff ? request.OrganizationId : null;
        var schoolIds = request.Role == Role.Agent ? request.SchoolIds.Distinct().ToHashSet() : [];
        user.Schools.RemoveAll(s => !schoolIds.Contains(s.SchoolId));
        user.Schools.AddRange(schoolIds.Where(s => user.Schools.All(x => x.SchoolId != s)).Select(s => new UserSchool { UserId = user.Id, SchoolId = s }));
        var after = new AccountAccess(user.Email, request.Role, user.ServiceCentreId, user.OrganizationId, schoolIds, user.IsActive);
        // Whoever held the account before must not keep it: new powers, fewer, or another mailbox all end its sessions
        // (attachments are cached per stamp) and void a set-password link already sent.
        var stampRenewed = !created && !SameAccess(before, after);
        if (stampRenewed) user.SecurityStamp = NewStamp();

        // No password: the person chooses it from the link.
        var result = created ? await users.CreateAsync(user) : await users.UpdateAsync(user);
        if (!result.Succeeded)
            return (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName") ? Outcome.DuplicateEmail : Outcome.Failed, null);
        if (before.Role != request.Role)
        {
            if (before.Role is { } previous) await users.RemoveFromRoleAsync(user, previous.ToString());
            await users.AddToRoleAsync(user, request.Role.ToString());
        }
        await AuditAsync(actor, user, before, after);
        if (!created && !string.Equals(before.Email, after.Email, StringComparison.OrdinalIgnoreCase))
            mail.EmailChanged(before.Email, after.Email);
        if (created) await SendLinkAsync(actor, user, after);
        await db.SaveChangesAsync();
        if (stampRenewed) await SessionStore.EndAllAsync(db, user.Id);
        return (created ? Outcome.Created : Outcome.Saved, user);
    }

    static bool SameAccess(AccountAccess before, AccountAccess after) =>
        string.Equals(before.Email, after.Email, StringComparison.OrdinalIgnoreCase) && before.Role == after.Role
        && before.ServiceCentreId == after.ServiceCentreId && before.OrganizationId == after.OrganizationId && before.SchoolIds.SetEquals(after.SchoolIds);

    async Task SendLinkAsync(Actor actor, User user, AccountAccess access)
    {
        var email = user.Email!;
        mail.SetPasswordLink(email, user.Id, await users.GeneratePasswordResetTokenAsync(user));
        var previous = await db.Audit.Where(e => e.SubjectUserId == user.Id && e.Change == AuditChange.EmailChanged)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Before).FirstOrDefaultAsync();
        if (previous is not null && !string.Equals(previous, email, StringComparison.OrdinalIgnoreCase))
            mail.SetPasswordLinkSentElsewhere(previous, email);
        db.Audit.Add(access.SetPasswordLinkSent(actor.UserId, user.Id, Now()));
    }

    async Task AuditAsync(Actor actor, User user, AccountAccess before, AccountAccess after)
    {
        var schoolIds = before.SchoolIds.Concat(after.SchoolIds).ToList();
        var centreIds = new[] { before.ServiceCentreId, after.ServiceCentreId }.OfType<Guid>().ToList();
        var organizationIds = new[] { before.OrganizationId, after.OrganizationId }.OfType<Guid>().ToList();
        var schools = await db.Schools.Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => $"{s.Name} ({s.Code})");
        var centres = await db.ServiceCentres.Where(c => centreIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name);
        var organizations = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name);
        var names = new AuditNames(s => schools.GetValueOrDefault(s, "?"), c => centres.GetValueOrDefault(c, "?"), o => organizations.GetValueOrDefault(o, "?"));
        db.Audit.AddRange(before.ChangesTo(after, actor.UserId, user.Id, Now(), names));
    }

    async Task<AccountAccess> AccessOfAsync(User user)
    {
        var role = Enum.TryParse<Role>((await users.GetRolesAsync(user)).FirstOrDefault(), out var r) ? r : (Role?)null;
        return new AccountAccess(user.Email ?? "", role, user.ServiceCentreId, user.OrganizationId, user.Schools.Select(s => s.SchoolId).ToHashSet(), user.IsActive);
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;

    static string NewStamp() => Guid.NewGuid().ToString("N");
}
