using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Province;

/// <summary>Any CSS can start: an admin enables it, its staff see their own schools (secondary too) and coverage, an English board's in English.</summary>
public class StartingCentreTests(AppFactory app) : IClassFixture<AppFactory>
{
    const string Rimouski = "712000";          // CSS des Phares
    const string EnglishMontreal = "887000";   // CS English-Montréal

    async Task<HttpClient> EnableAsync(string centre, string email)
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var response = await AppFactory.PostFormAsync(admin, "/Admin/Centres?handler=Enable",
            new() { ["Input.Code"] = centre, ["Input.Email"] = email, ["Input.DisplayName"] = "Coordination " + centre }, "/Admin/Centres");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.ChoosePasswordFromMailAsync(email, AppFactory.Password);
        return await app.SignedInAsync(email);
    }

    [Fact]
    public async Task An_admin_enables_a_css_whose_staff_then_see_only_their_schools_secondary_included_and_their_coverage()
    {
        const string email = "coordination@csphares.test";
        var css = await EnableAsync(Rimouski, email);
        var (centre, user) = app.With(db => (db.ServiceCentres.Single(c => c.Code == Rimouski), db.Users.Single(u => u.Email == email)));
        Assert.NotNull(centre.EnabledAt);
        Assert.Equal(centre.Id, user.ServiceCentreId);
        Assert.True(app.With(db => db.Audit.Any(a => a.SubjectUserId == user.Id && a.ServiceCentreId == centre.Id)), "the new account is in the CSS's audit");

        var own = app.With(db => db.Schools.Where(s => s.ServiceCentreId == centre.Id && s.ClosedOn == null).Select(s => new { s.Code, s.Levels, s.Latitude }).ToList());
        var list = WebUtility.HtmlDecode(await css.GetStringAsync("/Schools/Centre"));
        var listed = Regex.Matches(list, "/Schools/Portrait/(\\d{6})").Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(own.Select(s => s.Code).Order(), listed);
        Assert.Contains(own, s => (s.Levels & SchoolLevels.Secondary) != 0);
        Assert.Contains("indice non disponible", list);

        var secondary = WebUtility.HtmlDecode(await css.GetStringAsync("/Schools/Centre?level=secondary"));
        var secondaryListed = Regex.Matches(secondary, "/Schools/Portrait/(\\d{6})").Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(own.Where(s => (s.Levels & SchoolLevels.Secondary) != 0).Select(s => s.Code).Order(), secondaryListed);

        var coverage = WebUtility.HtmlDecode(await css.GetStringAsync("/Coverage?need=homework-help"));
        var rows = Regex.Matches(coverage, "data-school=\"(\\d{6})\"").Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(own.Where(s => s.Latitude != null).Select(s => s.Code).Order(), rows);
        Assert.Equal(HttpStatusCode.NotFound, (await css.GetAsync($"/Coverage?centre={Seeder.DemoServiceCentreCode}")).StatusCode);
        var montreal = app.With(db => db.Schools.Where(s => s.ServiceCentre!.Code == Seeder.DemoServiceCentreCode).Select(s => s.Code).First());
        Assert.Equal(HttpStatusCode.NotFound, (await css.GetAsync($"/Schools/Portrait/{montreal}")).StatusCode);
    }

    [Fact]
    public async Task An_english_boards_staff_land_in_english_until_they_choose_french()
    {
        const string email = "coordination@emsb.test";
        var css = await EnableAsync(EnglishMontreal, email);
        var home = await css.GetStringAsync("/Schools/Centre");
        Assert.Contains("<html lang=\"en-CA\"", home);
        // Nobody else's default moved: the admin, of no English board, still lands in French.
        Assert.Contains("<html lang=\"fr-CA\"", await (await app.SignedInAsync(Seeder.AdminEmail)).GetStringAsync("/Admin/Centres"));

        // The switch still works, and is remembered for the next sign-in anywhere.
        var switched = await AppFactory.PostFormAsync(css, "/Language", new() { ["culture"] = "fr-CA", ["returnUrl"] = "/" }, "/Schools/Centre");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("fr-CA", app.With(db => db.Users.Single(u => u.Email == email).PreferredLanguage));
        var again = await app.SignedInAsync(email);
        Assert.Contains("<html lang=\"fr-CA\"", await again.GetStringAsync("/Schools/Centre"));
    }
}
