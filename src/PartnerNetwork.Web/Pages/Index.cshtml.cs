using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Web.Pages;

/// <summary>Sends each role to its own home page.</summary>
public class IndexModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage(HomeOf(User));

    public static string HomeOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(nameof(Role.Admin)) ? "/Admin/Users/Index"
        : user.IsInRole(nameof(Role.Agent)) ? "/Schools/Index"
        : user.IsInRole(nameof(Role.PartnerStaff)) ? "/Inbox/Index"
        : user.IsInRole(nameof(Role.CssStaff)) ? "/Schools/Centre"
        : "/Account/AccessDenied";
}
