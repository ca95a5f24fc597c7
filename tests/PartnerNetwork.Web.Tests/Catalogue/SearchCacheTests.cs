using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Catalogue;

/// <summary>
/// The search page keeps the signed-in user's attachments, the school and place lists and the taxonomy between requests.
/// Whatever it kept must render exactly what an instance that has kept nothing renders — also after a directory edit.
/// </summary>
[Trait("Database", "Both")]
public class SearchCacheTests
{
    static string Normalised(string html) => Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", "token");

    [Fact]
    public async Task A_warm_instance_renders_the_same_search_pages_as_a_cold_one_before_and_after_a_directory_edit()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"pn-cache-{Guid.NewGuid():N}.db");
        await using var warm = new SharedDatabaseAppFactory(dbPath);
        const string place = "Québec";
        var (partnerService, foreignSchool, ownSchool) = warm.With(db =>
        {
            var organization = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId;
            var agentCentre = db.Users.Single(u => u.Email == Seeder.AgentEmail).ServiceCentreId;
            return (db.Services.Where(s => s.OrganizationId == organization).OrderBy(s => s.Name).First().Id,
                db.Schools.Where(s => s.ServiceCentreId != agentCentre).OrderBy(s => s.Code).First().Id,
                db.Users.Where(u => u.Email == Seeder.AgentEmail).SelectMany(u => u.Schools).OrderBy(s => s.SchoolId).First().SchoolId);
        });
        const string newName = "Atelier Zébulon du soir";
        string[] urls =
        [
            "/Catalogue",
            $"/Catalogue?school={ownSchool}&c=homework-help&evenings=true",
            $"/Catalogue?origin=school&school={foreignSchool}&km=10",   // a school outside the agent's CSS, chosen by id
            $"/Catalogue?origin=place&place={Uri.EscapeDataString(place)}&q=aide",
            $"/Catalogue?origin=none&q={Uri.EscapeDataString(newName)}",
        ];
        var agent = await warm.SignedInAsync(Seeder.AgentEmail);
        async Task<List<string>> PagesAsync(HttpClient client) =>
            [.. await Task.WhenAll(urls.Select(async url => Normalised(await client.GetStringAsync(url))))];

        var first = await PagesAsync(agent);
        var again = await PagesAsync(agent);
        Assert.Equal(first, again);
        Assert.Contains($"value=\"{place}\" selected=\"selected\"", first[3]);
        Assert.Contains($"value=\"{foreignSchool}\" selected=\"selected\"", first[2]);
        Assert.DoesNotContain($"r-{partnerService}", first[4]);

        // A directory edit through the warm instance: a partner renames a service, and a school changes its name.
        var partner = await warm.SignedInAsync(Seeder.PartnerEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await Catalogue.SelfServiceTests.SaveServiceAsync(partner, partnerService, f => f["Input.Name"] = newName)).StatusCode);
        await warm.WithAsync(async db =>
        {
            var school = await db.Schools.SingleAsync(s => s.Id == ownSchool);
            school.Name = "École Renommée-Pour-Le-Test";
            await db.SaveChangesAsync();
        });

        var edited = await PagesAsync(agent);
        Assert.Contains($"r-{partnerService}", edited[4]);
        Assert.Contains("École Renommée-Pour-Le-Test", WebUtility.HtmlDecode(edited[1]));

        // A second instance on the same database starts with nothing kept.
        await using var cold = new SharedDatabaseAppFactory(dbPath);
        var coldAgent = await cold.SignedInAsync(Seeder.AgentEmail);
        Assert.Equal(edited, await PagesAsync(coldAgent));
    }
}
