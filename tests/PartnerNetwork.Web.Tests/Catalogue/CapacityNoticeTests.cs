using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Catalogue;

/// <summary>A service that cannot take a family says so before the agent writes anything, with alternatives that can.</summary>
public class CapacityNoticeTests(AppFactory app) : IClassFixture<AppFactory>
{
    Guid SetCapacity(int available, bool waitlist, bool accepts = true) => app.With(db =>
    {
        var service = db.Services.Include(s => s.Categories).Where(s => s.Status == ServiceStatus.Active && !s.IsRemote && s.Organization!.IsActive)
            .OrderBy(s => s.Name).First();
        service.SetCapacity(available, Math.Max(available, 10), "familles", DateTime.UtcNow);
        service.KeepsWaitlist = waitlist;
        service.WaitlistLength = waitlist ? 4 : 0;
        service.AcceptsReferrals = accepts;
        db.SaveChanges();
        return service.Id;
    });

    [Fact]
    public async Task A_full_service_warns_on_its_page_and_on_the_referral_form_with_alternatives_that_take_referrals()
    {
        var id = SetCapacity(0, waitlist: false);
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        foreach (var url in new[] { $"/Catalogue/Service/{id}", $"/Referrals/New?serviceId={id}" })
        {
            var html = WebUtility.HtmlDecode(await agent.GetStringAsync(url));
            Assert.Contains("Ce service est complet en ce moment et ne tient pas de liste d’attente.", html);
            var alternatives = Regex.Matches(Regex.Match(html, "<ul class=\"mb-0\" id=\"alternatives\">(.*?)</ul>", RegexOptions.Singleline).Value, "/Catalogue/Service/([0-9a-f-]{36})")
                .Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
            Assert.NotEmpty(alternatives);
            Assert.DoesNotContain(id, alternatives);
            Assert.All(alternatives, a => Assert.Equal(CapacityState.TakingReferrals, app.With(db => db.Services.Single(s => s.Id == a).CapacityState)));
        }

        SetCapacity(0, waitlist: true);
        Assert.Contains("4 famille(s) attendent déjà", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Referrals/New?serviceId={id}")));
        SetCapacity(0, waitlist: false, accepts: false);
        Assert.Contains("Ce service n’accepte pas d’orientations en ce moment.", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue/Service/{id}")));
        SetCapacity(5, waitlist: false);
        Assert.DoesNotContain("capacity-notice", await agent.GetStringAsync($"/Catalogue/Service/{id}"));
    }
}
