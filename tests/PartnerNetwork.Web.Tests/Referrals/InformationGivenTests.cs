using System.Net;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>Information given reads as such everywhere; a second referral for the same need is a question, asked early.</summary>
public class InformationGivenTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    [Fact]
    public async Task Information_given_has_its_own_labels_on_the_board_the_timeline_and_the_duplicate_notice()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Info-Labels");
        var response = await app.ReferAsync(agent, family, service, share: false, kind: "InformationGiven", confirm: true);
        var referral = Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());

        var details = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("Information remise", details);
        Assert.Contains("Information remise", await ReferralApp.TextAsync(agent, "/Referrals"));

        // Choosing the same family and need again: the notice is there before anything is written.
        var form = await ReferralApp.TextAsync(agent, $"/Referrals/New?serviceId={service}&familyId={family}");
        Assert.Contains("duplicate-warning", form);
        Assert.Contains("(Information remise)", form);
        Assert.DoesNotContain("Veuillez corriger ce qui suit", form);
        var asked = await app.ReferAsync(agent, family, service, share: false, confirm: false);
        var page = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("Orienter quand même", page);
        Assert.DoesNotContain("Veuillez corriger ce qui suit", page);

        var moved = await ReferralApp.MoveAsync(agent, referral, app.VersionOf(referral), ReferralState.Completed, "NeedMet");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        details = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("Suivi fait", details);
        Assert.Contains("Suivi fait", await ReferralApp.TextAsync(agent, $"/Families/Details/{family}"));
    }
}
