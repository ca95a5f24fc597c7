using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Admin.Users;

/// <summary>Create a user (no self-registration) or change what they are attached to.</summary>
public class EditModel(PartnerNetworkDb db, UserManager<User> users, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Guid? UserId { get; private set; }
    public List<Option> ServiceCentres { get; private set; } = [];
    public List<Option> Organizations { get; private set; } = [];
    public List<SchoolOption> Schools { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } userId)
        {
            var user = await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId);
            if (user is null) return NotFound();
            UserId = userId;
            var role = (await users.GetRolesAsync(user)).FirstOrDefault();
            Input = new InputModel
            {
                Email = user.Email ?? "",
                DisplayName = user.DisplayName,
                Role = Enum.TryParse<Role>(role, out var r) ? r : Role.Agent,
                ServiceCentreId = user.ServiceCentreId,
                OrganizationId = user.OrganizationId,
                SchoolIds = user.Schools.Select(s => s.SchoolId).ToList(),
            };
        }
        await LoadOptionsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        UserId = id;
        await ValidateAttachmentsAsync();
        if (!ModelState.IsValid)
        {
            await LoadOptionsAsync();
            return Page();
        }

        var user = id is { } userId ? await users.Users.Include(u => u.Schools).SingleOrDefaultAsync(u => u.Id == userId) : new User();
        if (user is null) return NotFound();
        user.Email = user.UserName = Input.Email.Trim();
        user.DisplayName = Input.DisplayName.Trim();
        user.EmailConfirmed = true;
        user.ServiceCentreId = Input.Role is Role.Agent or Role.CssStaff ? Input.ServiceCentreId : null;
        user.OrganizationId = Input.Role == Role.PartnerStaff ? Input.OrganizationId : null;
        var schoolIds = Input.Role == Role.Agent ? Input.SchoolIds.Distinct().ToList() : [];
        user.Schools.RemoveAll(s => !schoolIds.Contains(s.SchoolId));
        user.Schools.AddRange(schoolIds.Where(s => user.Schools.All(x => x.SchoolId != s)).Select(s => new UserSchool { UserId = user.Id, SchoolId = s }));

        string? temporaryPassword = null;
        IdentityResult result;
        if (id is null)
        {
            temporaryPassword = TemporaryPassword();
            result = await users.CreateAsync(user, temporaryPassword);
        }
        else
        {
            result = await users.UpdateAsync(user);
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(string.Empty, error.Code is "DuplicateEmail" or "DuplicateUserName" ? L["Users.DuplicateEmail"] : L["Users.SaveFailed"]);
            await LoadOptionsAsync();
            return Page();
        }

        var currentRoles = await users.GetRolesAsync(user);
        if (!currentRoles.SequenceEqual([Input.Role.ToString()]))
        {
            await users.RemoveFromRolesAsync(user, currentRoles);
            await users.AddToRoleAsync(user, Input.Role.ToString());
        }
        // Role or attachment changes reach the user's open sessions at the next check.
        await users.UpdateSecurityStampAsync(user);

        StatusMessage = temporaryPassword is null
            ? L["Users.Saved", user.Email]
            : L["Users.Created", user.Email, temporaryPassword];
        return RedirectToPage("Index");
    }

    async Task ValidateAttachmentsAsync()
    {
        switch (Input.Role)
        {
            case Role.Agent or Role.CssStaff when Input.ServiceCentreId is not { } centreId || !await db.ServiceCentres.AnyAsync(c => c.Id == centreId):
                ModelState.AddModelError("Input.ServiceCentreId", L["Users.NeedsServiceCentre"]);
                break;
            case Role.Agent when Input.SchoolIds.Count == 0:
                ModelState.AddModelError("Input.SchoolIds", L["Users.NeedsSchools"]);
                break;
            case Role.Agent:
                var inCentre = await db.Schools.CountAsync(s => Input.SchoolIds.Contains(s.Id) && s.ServiceCentreId == Input.ServiceCentreId);
                if (inCentre != Input.SchoolIds.Distinct().Count())
                    ModelState.AddModelError("Input.SchoolIds", L["Users.SchoolsOutsideCentre"]);
                break;
            case Role.PartnerStaff when Input.OrganizationId is not { } organizationId || !await db.Organizations.AnyAsync(o => o.Id == organizationId):
                ModelState.AddModelError("Input.OrganizationId", L["Users.NeedsOrganization"]);
                break;
        }
    }

    async Task LoadOptionsAsync()
    {
        ServiceCentres = await db.ServiceCentres.OrderBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync();
        Organizations = await db.Organizations.Where(o => o.IsActive).OrderBy(o => o.Name).Select(o => new Option(o.Id, o.Name)).ToListAsync();
        Schools = await db.Schools.OrderBy(s => s.ServiceCentre!.Name).ThenBy(s => s.Name)
            .Select(s => new SchoolOption(s.Id, s.Name, s.ServiceCentre!.Name)).ToListAsync();
    }

    // Shown once to the admin, who passes it on; it satisfies the password rules by construction.
    static string TemporaryPassword() => $"Tmp-{RandomNumberGenerator.GetHexString(10, lowercase: true)}-{RandomNumberGenerator.GetHexString(4)}!";

    public sealed record Option(Guid Id, string Name);

    public sealed record SchoolOption(Guid Id, string Name, string ServiceCentre);

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        [StringLength(254, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(PartnerNetwork.Data.User.DisplayNameMaxLength, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Field.Name")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Field.Role")]
        [EnumDataType(typeof(Role), ErrorMessage = "Validation.Invalid")]
        public Role Role { get; set; } = Role.Agent;

        [Display(Name = "Field.ServiceCentre")]
        public Guid? ServiceCentreId { get; set; }

        [Display(Name = "Field.Schools")]
        public List<Guid> SchoolIds { get; set; } = [];

        [Display(Name = "Field.Organization")]
        public Guid? OrganizationId { get; set; }
    }
}
