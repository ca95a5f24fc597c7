using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages.Admin.Users;

/// <summary>The admin's home: every user, what they are attached to, deactivation, and the set-password link sent again.</summary>
public class IndexModel(PartnerNetworkDb db, UserManager<User> users, CurrentActor current, Accounts accounts, IMapper mapper,
    TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public List<UserRow> Users { get; private set; } = [];
    public Guid Self { get; private set; }

    public async Task OnGetAsync()
    {
        Self = (await current.GetAsync()).UserId;
        var now = clock.GetUtcNow();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name!);
        Users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ProjectTo<UserRow>(mapper.ConfigurationProvider).ToListAsync();
        foreach (var user in Users)
        {
            user.Role = roles.GetValueOrDefault(user.Id, "");
            user.IsLockedOut = user.IsActive && user.LockoutEnd > now;
        }
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id) => await ChangeAsync(id, false);

    public async Task<IActionResult> OnPostReactivateAsync(Guid id) => await ChangeAsync(id, true);

    /// <summary>Deactivation ends every session of the user at once; nobody (de)activates themselves.</summary>
    async Task<IActionResult> ChangeAsync(Guid id, bool active)
    {
        var actor = await current.GetAsync();
        if (id == actor.UserId)
        {
            StatusMessage = L[active ? "Users.CannotReactivateSelf" : "Users.CannotDeactivateSelf"];
            return RedirectToPage();
        }
        var changed = await accounts.SetActiveAsync(actor, id, active);
        if (changed is null) return NotFound();
        if (changed == true)
            StatusMessage = L[active ? "Users.Reactivated" : "Users.Deactivated", await db.Users.Where(u => u.Id == id).Select(u => u.Email).SingleAsync() ?? ""];
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

    /// <summary>A new one-time link for someone who lost theirs or whose link expired; the admin never sees it.</summary>
    public async Task<IActionResult> OnPostSendLinkAsync(Guid id)
    {
        var actor = await current.GetAsync();
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null || !user.IsActive || user.Email is null) return NotFound();
        if (id == actor.UserId)
        {
            StatusMessage = L["Users.CannotResetSelf"];
            return RedirectToPage();
        }
        if (!await accounts.SendSetPasswordLinkAsync(actor, id)) return NotFound();
        StatusMessage = L["Users.LinkSent", user.Email];
        return RedirectToPage();
    }

    public sealed class UserRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public string? AttachedTo { get; init; }
        public int SchoolCount { get; init; }
        public bool IsActive { get; init; }
        public bool HasPassword { get; init; }
        public DateTimeOffset? LockoutEnd { get; init; }
        public string Role { get; set; } = "";
        public bool IsLockedOut { get; set; }

        public sealed class Projection : Profile
        {
            public Projection() => CreateProjection<User, UserRow>()
                .ForMember(r => r.Name, o => o.MapFrom(u => u.DisplayName))
                .ForMember(r => r.Email, o => o.MapFrom(u => u.Email ?? ""))
                .ForMember(r => r.AttachedTo, o => o.MapFrom(u => u.Organization != null ? u.Organization.Name : u.ServiceCentre != null ? u.ServiceCentre.Name : null))
                .ForMember(r => r.SchoolCount, o => o.MapFrom(u => u.Schools.Count))
                .ForMember(r => r.HasPassword, o => o.MapFrom(u => u.PasswordHash != null))
                .ForMember(r => r.Role, o => o.Ignore())
                .ForMember(r => r.IsLockedOut, o => o.Ignore());
        }
    }
}
