using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Province;

/// <summary>
/// A school the yearly refresh found gone: marked wherever it is still shown, offered for nothing new (families,
/// referrals, assignments), its history still readable.
/// </summary>
public class ClosedSchoolTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    static readonly DateOnly ClosedOn = new(2026, 7, 1);

    async Task<(Guid Id, string Code, string Name)> CloseAgentSchoolAsync()
    {
        var id = app.AgentSchool();
        await app.WithAsync(db => db.Schools.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosedOn, ClosedOn)));
        return app.With(db => db.Schools.Where(s => s.Id == id).Select(s => new { s.Id, s.Code, s.Name }).AsEnumerable().Select(s => (s.Id, s.Code, s.Name)).Single());
    }

    [Fact]
    public async Task A_closed_school_is_marked_everywhere_it_is_shown_and_offered_for_nothing_new()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Famille-École-Fermée");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        var (schoolId, code, name) = await CloseAgentSchoolAsync();

        // The portrait, in both languages.
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var portrait = WebUtility.HtmlDecode(await css.GetStringAsync($"/Schools/Portrait/{code}"));
        Assert.Contains("Fermée depuis le 1 juillet 2026", portrait);
        var english = WebUtility.HtmlDecode(await css.GetStringAsync($"/Schools/Portrait/{code}?culture=en-CA"));
        Assert.Contains("Closed since July 1, 2026", english);

        // The CSS's list: out of the table and its totals, listed apart with its date.
        var list = WebUtility.HtmlDecode(await css.GetStringAsync("/Schools/Centre"));
        var table = list[..list.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.DoesNotContain($"/Schools/Portrait/{code}\"", table);
        var closedList = list[list.IndexOf("id=\"closed-school-list\"", StringComparison.Ordinal)..];
        Assert.Contains($"/Schools/Portrait/{code}\"", closedList);
        Assert.Contains("Fermée depuis le 1 juillet 2026", closedList);

        // The agent's home: marked, without partners to refer to.
        var home = WebUtility.HtmlDecode(await agent.GetStringAsync("/Schools"));
        var card = home[home.IndexOf($"id=\"school-{code}\"", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("Fermée depuis le 1 juillet 2026", card);
        Assert.DoesNotContain("<table", card);

        // No new referral from it, no new family at it; its history still reads.
        var before = app.With(db => db.Referrals.Count());
        var refused = await app.ReferAsync(agent, family, service, share: false, confirm: true);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("L’école de cette famille est fermée", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(before, app.With(db => db.Referrals.Count()));
        var newFamily = await AppFactory.PostFormAsync(agent, "/Families/Edit", new()
        {
            ["Input.Reference"] = "Nouvelle-Famille", ["Input.SchoolId"] = schoolId.ToString(), ["Input.Phone"] = "514-555-0111",
            ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "Phone", ["Input.Times"] = "Evenings",
        });
        Assert.Equal(HttpStatusCode.OK, newFamily.StatusCode);
        Assert.Contains("Cette école est fermée", WebUtility.HtmlDecode(await newFamily.Content.ReadAsStringAsync()));
        Assert.False(app.With(db => db.Families.Any(f => f.Reference == "Nouvelle-Famille")));
        Assert.Contains("Famille-École-Fermée", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Families/Details/{family}")));
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/Referrals/Details/{referral}")).StatusCode);
        Assert.DoesNotContain("Famille-École-Fermée", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Referrals/New?serviceId={service}")));
    }

    [Fact]
    public async Task A_closed_school_is_not_offered_for_a_new_assignment_but_stays_with_the_agent_who_had_it()
    {
        await app.PartnerServiceAsync();
        var (schoolId, code, _) = await CloseAgentSchoolAsync();
        var admin = await app.SignedInAsync(Seeder.AdminEmail);

        // Not in a new account's choices; marked in the choices of the agent who has it.
        var centre = app.With(db => db.Schools.Single(s => s.Id == schoolId).ServiceCentreId);
        var offered = await admin.GetStringAsync($"/Admin/Users/Edit?handler=Schools&centreId={centre}");
        Assert.Contains("name=\"Input.SchoolIds\"", offered); // its CSS's other schools are offered
        Assert.DoesNotContain($"id=\"school-{code}\"", offered);
        var agent = app.With(db => db.Users.Include(u => u.Schools).Single(u => u.Email == Seeder.AgentEmail));
        var agentPage = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Admin/Users/Edit?id={agent.Id}"));
        var item = agentPage[agentPage.IndexOf($"id=\"school-{code}\"", StringComparison.Ordinal)..];
        Assert.Contains("Fermée depuis le 1 juillet 2026", item[..item.IndexOf("</div>", StringComparison.Ordinal)]);

        // Given to another agent: refused, nothing changes.
        var other = app.With(db => db.Users.Include(u => u.Schools).Single(u => u.Email == ReferralApp.OtherAgentEmail));
        var response = await AppFactory.PostFormAsync(admin, $"/Admin/Users/Edit?id={other.Id}", new()
        {
            ["Input.Email"] = other.Email!, ["Input.DisplayName"] = other.DisplayName, ["Input.Role"] = "Agent",
            ["Input.ServiceCentreId"] = other.ServiceCentreId.ToString()!, ["Input.SchoolIds"] = schoolId.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Une école fermée ne peut pas être attribuée", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(app.With(db => db.UserSchools.Where(s => s.UserId == other.Id).Select(s => s.SchoolId).ToList()), s => s == schoolId);
    }
}
