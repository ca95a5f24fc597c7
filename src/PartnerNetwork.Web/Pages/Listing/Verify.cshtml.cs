using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Listing;

/// <summary>
/// Where a confirmation e-mail's "Still accurate" and "Capacity" links land, without an account: the page shows the one
/// button the link asked for. Opening it changes nothing (mail scanners open every link); the click does.
/// </summary>
public class VerifyModel(PartnerNetworkDb db, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public static readonly CapacityState[] Answers = [CapacityState.TakingReferrals, CapacityState.Waitlist, CapacityState.Full];

    /// <summary>"capacity" shows the capacity buttons; anything else the confirmation.</summary>
    [BindProperty(SupportsGet = true)] public string? Answer { get; set; }

    [TempData] public string? StatusMessage { get; set; }

    Core.Access.EmailLink? link;

    public string Token { get; private set; } = "";
    public string ServiceName { get; private set; } = "";
    public string OrganizationName { get; private set; } = "";
    public DateOnly? AssuredDate { get; private set; }
    public CapacityState Capacity { get; private set; }
    public DateOnly ExpiresOn { get; private set; }
    public bool AsksCapacity => Answer == "capacity";

    public async Task<IActionResult> OnGetAsync(string token) =>
        await OpenAsync(token) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostConfirmAsync(string token)
    {
        if (await OpenAsync(token) is not { } service) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        service.MarkVerified(QuebecTime.DateOf(now));
        return await SaveAsync(service, VerificationAnswer.StillAccurate, now, L["Listing.Confirmed", service.Name]);
    }

    public async Task<IActionResult> OnPostCapacityAsync(string token, CapacityState? state)
    {
        if (await OpenAsync(token) is not { } service) return NotFound();
        Answer = "capacity";
        if (state is not { } chosen || !Answers.Contains(chosen))
        {
            ModelState.AddModelError(string.Empty, L["Listing.ChooseCapacity"]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        service.SetCapacityState(chosen, now);
        return await SaveAsync(service, VerificationAnswer.Capacity, now, L["Listing.CapacitySaved", service.Name, L["Capacity." + chosen]]);
    }

    async Task<IActionResult> SaveAsync(Service service, VerificationAnswer answer, DateTime now, string done)
    {
        await ListingLink.RecordAnswerAsync(db, link!, answer, now);
        if (!await db.TrySaveAsync())
        {
            ModelState.AddModelError(string.Empty, L["Catalogue.Conflict"]);
            await OpenAsync(Token);
            return Page();
        }
        StatusMessage = done;
        return RedirectToPage(new { token = Token, answer = Answer });
    }

    /// <summary>The service the link reaches (tracked, for a click to change), or null: not found.</summary>
    async Task<Service?> OpenAsync(string token)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if ((link = await ListingLink.FindAsync(db, token, now)) is null) return null;
        var service = await db.Services.Include(s => s.Organization).SingleAsync(s => s.Id == link.ServiceId);
        Token = token;
        (ServiceName, OrganizationName, AssuredDate, Capacity) = (service.Name, service.Organization!.Name, service.AssuredDate, service.CapacityState);
        ExpiresOn = QuebecTime.DateOf(link.ExpiresAt ?? now);
        return service;
    }
}
