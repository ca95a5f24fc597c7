using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

/// <summary>The agent's home lists, for each school, the nearest organisations within 5 km, nearest first.</summary>
[Trait("Database", "Both")]
public class SchoolsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Each_school_lists_the_nearest_organisations_as_a_database_scan_finds_them()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var html = WebUtility.HtmlDecode(await agent.GetStringAsync("/Schools"));
        var schools = app.With(db => db.Users.Where(u => u.Email == Seeder.AgentEmail).SelectMany(u => u.Schools).Select(u => u.School!).OrderBy(s => s.Name).ToList());
        var sections = Regex.Split(html, "<section class=\"card").Skip(1).ToList();
        Assert.Equal(schools.Count, sections.Count);
        var listed = 0;

        for (var i = 0; i < schools.Count; i++)
        {
            var school = schools[i];
            // Brute force: every active in-person site, its organisation's nearest distance, the five nearest organisations.
            var expected = app.With(db => db.Services.Listed()
                    .SelectMany(s => s.ServiceAtLocations, (s, l) => new { s.Organization!.Name, l.Location!.Latitude, l.Location.Longitude }).ToList())
                .Select(s => (s.Name, Km: Geodesy.DistanceKm(school.Latitude!.Value, school.Longitude!.Value, s.Latitude!.Value, s.Longitude!.Value)))
                .Where(s => s.Km <= 5).GroupBy(s => s.Name).Select(g => (Name: g.Key, Km: g.Min(s => s.Km)))
                .OrderBy(s => s.Km).Take(5).ToList();
            var rows = Regex.Matches(sections[i], "<tr>\\s*<td>([^<]+)</td>").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(expected.Select(e => e.Name), rows);
            listed += rows.Count;
        }
        Assert.True(listed > 0, "no partner listed near any school: the comparison proved nothing");
    }
}
