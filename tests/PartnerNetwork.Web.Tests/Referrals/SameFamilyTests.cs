using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>Two agents of one CSS learn they follow the same family — colleague and school only, never the other record.</summary>
public class SameFamilyTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    async Task<Guid> FamilyAsync(HttpClient agent, string reference, string phone, string email, Guid school)
    {
        var need = app.With(db => db.NeedCategories.OrderBy(c => c.SortOrder).First().Id);
        var response = await AppFactory.PostFormAsync(agent, "/Families/Edit", new()
        {
            ["Input.Reference"] = reference, ["Input.SchoolId"] = school.ToString(), ["Input.Phone"] = phone, ["Input.Email"] = email,
            ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "Phone", ["Input.NeedIds"] = need.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    Guid SchoolOf(string email) => app.With(db => db.Users.Include(u => u.Schools).Single(u => u.Email == email).Schools.First().SchoolId);

    [Fact]
    public async Task Both_agents_see_the_notice_without_the_other_family_and_not_across_css_or_after_anonymisation()
    {
        await app.PartnerServiceAsync(); // creates the second agent (another school of the same CSS)
        var first = await app.SignedInAsync(Seeder.AgentEmail);
        var second = await app.SignedInAsync(ReferralApp.OtherAgentEmail);
        var a = await FamilyAsync(first, "Famille-Alpha", "(514) 555-0177", "", app.AgentSchool());
        // The same phone written differently, at the other agent's school.
        var b = await FamilyAsync(second, "Famille-Bêta", "1 514 555 0177", "autre@example.org", SchoolOf(ReferralApp.OtherAgentEmail));

        var seenByFirst = await ReferralApp.TextAsync(first, $"/Families/Details/{a}");
        Assert.Contains("same-contact", seenByFirst);
        Assert.Contains(ReferralApp.OtherAgentEmail, seenByFirst); // the colleague's display name
        Assert.Contains(app.With(db => db.Schools.Single(s => s.Id == SchoolOf(ReferralApp.OtherAgentEmail)).Name), seenByFirst);
        Assert.DoesNotContain("Famille-Bêta", seenByFirst);
        Assert.DoesNotContain("autre@example.org", seenByFirst);
        var seenBySecond = await ReferralApp.TextAsync(second, $"/Families/Details/{b}");
        Assert.Contains("same-contact", seenBySecond);
        Assert.Contains("Agente Démo", seenBySecond);
        Assert.DoesNotContain("Famille-Alpha", seenBySecond);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/Families/Details/{a}")).StatusCode);

        // Only hashes are stored for matching, and they are not the phone itself.
        var hash = app.With(db => db.Families.Single(f => f.Id == a).PhoneMatch);
        Assert.NotNull(hash);
        Assert.DoesNotContain("5145550177", hash);
        Assert.Equal(hash, app.With(db => db.Families.Single(f => f.Id == b).PhoneMatch));

        // An agent of another CSS with the same number: no notice on either side.
        var thirdEmail = $"agent-autre-css-{Guid.NewGuid():N}@test.local";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var school = await db.Schools.Where(s => s.ServiceCentre!.Code == "761000").OrderBy(s => s.Code).FirstAsync();
            var user = new User { Id = Guid.NewGuid(), UserName = thirdEmail, Email = thirdEmail, DisplayName = "Agent autre CSS", EmailConfirmed = true, ServiceCentreId = school.ServiceCentreId };
            user.Schools.Add(new UserSchool { UserId = user.Id, SchoolId = school.Id });
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, nameof(Role.Agent))).Succeeded);
        }
        var third = await app.SignedInAsync(thirdEmail);
        var c = await FamilyAsync(third, "Famille-Gamma", "514-555-0177", "", SchoolOf(thirdEmail));
        Assert.DoesNotContain("same-contact", await ReferralApp.TextAsync(third, $"/Families/Details/{c}"));
        Assert.DoesNotContain("Agent autre CSS", await ReferralApp.TextAsync(first, $"/Families/Details/{a}"));

        // Anonymised families never match.
        app.With(db =>
        {
            var family = db.Families.Include(f => f.Consents).Single(f => f.Id == b);
            family.Anonymise(DateTime.UtcNow);
            return db.SaveChanges();
        });
        Assert.DoesNotContain("same-contact", await ReferralApp.TextAsync(first, $"/Families/Details/{a}"));

        // Hostile contact values are stored and hashed like any other, and show as text.
        var d = await FamilyAsync(first, "<script>x</script>", "514-555-0188", "\"><img src=x onerror=alert(1)>@x.org", app.AgentSchool());
        var page = await first.GetStringAsync($"/Families/Details/{d}");
        Assert.DoesNotContain("<script>x</script>", page);
    }
}
