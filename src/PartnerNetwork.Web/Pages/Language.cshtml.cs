using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Security;

namespace PartnerNetwork.Web.Pages;

/// <summary>The language switch: remembers the choice for a year in the culture cookie, and as the signed-in user's preference.</summary>
public class LanguageModel(TimeProvider clock, PartnerNetworkDb db, UserManager<User> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string culture, string? returnUrl)
    {
        if (Cultures.Supported.Any(c => c.Name == culture))
        {
            Cultures.Remember(Response, culture, clock);
            // Their next sign-in, on any device, opens in the language they chose.
            if (Guid.TryParse(users.GetUserId(User), out var userId))
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PreferredLanguage, culture));
        }
        return LocalRedirect(LocalUrl.Safe(Url, returnUrl));
    }
}
