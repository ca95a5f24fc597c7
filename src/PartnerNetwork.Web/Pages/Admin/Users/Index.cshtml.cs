using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Users;

/// <summary>The admin's home: every user, what they are attached to, and deactivation.</summary>
public class IndexModel(PartnerNetworkDb db, UserManager<User> users, CurrentActor current, TimeProvider clock,
    IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public List<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var now = clock.GetUtcNow();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name!);
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id, u.DisplayName, u.Email, u.IsActive, u.LockoutEnd,
                ServiceCentre = u.ServiceCentre!.Name,
                Organization = u.Organization!.Name,
                Schools = u.Schools.Count,
            })
            .ToListAsync();
        Users = rows.Select(u => new UserRow(u.Id, u.DisplayName, u.Email ?? "", roles.GetValueOrDefault(u.Id, ""),
            u.Organization ?? u.ServiceCentre, u.Schools, u.IsActive, u.IsActive && u.LockoutEnd > now)).ToList();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id)
    {
        var actor = await current.GetAsync();
        if (id == actor.UserId)
        {
            StatusMessage = L["Users.CannotDeactivateSelf"];
            return RedirectToPage();
        }
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        user.IsActive = false;
        // A new security stamp ends the user's open sessions at their next request check.
        await users.UpdateSecurityStampAsync(user);
        StatusMessage = L["Users.Deactivated", user.Email ?? ""];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        user.IsActive = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        StatusMessage = L["Users.Reactivated", user.Email ?? ""];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null) return NotFound();
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        StatusMessage = L["Users.Unlocked", user.Email ?? ""];
        return RedirectToPage();
    }

    public sealed record UserRow(Guid Id, string Name, string Email, string Role, string? AttachedTo, int SchoolCount, bool IsActive, bool IsLockedOut);
}
