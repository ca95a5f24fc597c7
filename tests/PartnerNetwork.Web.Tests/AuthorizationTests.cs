using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

/// <summary>Every role against every page and handler: allowed ones answer, the others are refused on the server.</summary>
public class AuthorizationTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string, string, bool> Pages()
    {
        var data = new TheoryData<string, string, bool>();
        var pages = new Dictionary<string, string[]>
        {
            ["/Schools"] = [Seeder.AgentEmail],
            ["/Schools/Centre"] = [Seeder.CssEmail],
            ["/Schools/AccessAudit"] = [Seeder.CssEmail, Seeder.AdminEmail],
            ["/Organizations/AccessAudit"] = [Seeder.PartnerEmail],
            ["/Coverage"] = [Seeder.CssEmail, Seeder.AdminEmail],
            ["/Coverage/Indicators"] = [Seeder.CssEmail, Seeder.AdminEmail],
            ["/Organizations/Details"] = [Seeder.PartnerEmail, Seeder.AdminEmail],
            ["/Admin/Users"] = [Seeder.AdminEmail],
            ["/Admin/Users/Edit"] = [Seeder.AdminEmail],
            ["/Admin/Users/Edit?handler=Schools"] = [Seeder.AdminEmail],
            ["/Admin/Organizations"] = [Seeder.AdminEmail],
            ["/Admin/ApiKeys"] = [Seeder.AdminEmail],
            ["/Admin/Taxonomy"] = [Seeder.AdminEmail],
            ["/Exchange"] = [Seeder.CssEmail, Seeder.AdminEmail],
        };
        foreach (var (page, allowed) in pages)
            foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail, Seeder.AdminEmail })
                data.Add(page, email, allowed.Contains(email));
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_role_reaches_only_its_pages(string page, string email, bool allowed)
    {
        var client = await app.SignedInAsync(email);
        var response = await client.GetAsync(page);
        if (allowed && page == "/Organizations/Details" && email == Seeder.AdminEmail)
        {
            // An admin has no organisation of their own: the page sends them to the list of all.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Admin/Organizations", response.Headers.Location!.OriginalString);
        }
        else if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
    }

    public static TheoryData<string> AdminHandlers() => new()
    {
        "/Admin/Users?handler=Deactivate",
        "/Admin/Users?handler=Reactivate",
        "/Admin/Users?handler=Unlock",
        "/Admin/Users?handler=SendLink",
        "/Admin/Users/Edit",
        "/Admin/Users/Edit?handler=Schools",
        "/Admin/Organizations?handler=Create",
        "/Admin/Organizations?handler=Deactivate",
        "/Admin/Organizations?handler=Reactivate",
        "/Admin/Taxonomy?handler=Add",
        "/Admin/Taxonomy?handler=Remove",
    };

    [Theory]
    [MemberData(nameof(AdminHandlers))]
    public async Task Non_admins_cannot_post_to_admin_handlers(string handler)
    {
        var target = app.With(db => db.Organizations.OrderBy(o => o.Name).Select(o => o.Id).First());
        foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail })
        {
            var client = await app.SignedInAsync(email);
            // A token from a page this user may see: the handler must refuse on its own authority.
            var response = await AppFactory.PostFormAsync(client, handler,
                new() { ["id"] = target.ToString(), ["Input.Name"] = "Intrus", ["Input.Email"] = "x@y.z", ["Input.DisplayName"] = "x" },
                formPage: "/Account/AccessDenied");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
        Assert.True(app.With(db => db.Organizations.Single(o => o.Id == target).IsActive));
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name == "Intrus")));
    }

    public static TheoryData<string, string> AcknowledgeRefusals() => new()
    {
        { "/Schools/AccessAudit?handler=Acknowledge", Seeder.AgentEmail },
        { "/Schools/AccessAudit?handler=Acknowledge", Seeder.PartnerEmail },
        { "/Organizations/AccessAudit?handler=Acknowledge", Seeder.AgentEmail },
        { "/Organizations/AccessAudit?handler=Acknowledge", Seeder.CssEmail },
        { "/Organizations/AccessAudit?handler=Acknowledge", Seeder.AdminEmail },
    };

    [Theory]
    [MemberData(nameof(AcknowledgeRefusals))]
    public async Task Only_the_owners_staff_acknowledge_a_new_access(string handler, string email)
    {
        var client = await app.SignedInAsync(email);
        var response = await AppFactory.PostFormAsync(client, handler, new() { ["id"] = "1" }, formPage: "/Account/AccessDenied");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Partner_staff_cannot_read_another_organization_by_id()
    {
        var (own, other) = app.With(db =>
        {
            var ownId = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value;
            return (ownId, db.Organizations.First(o => o.Id != ownId).Id);
        });
        var client = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Organizations/Details?id={own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Details?id={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Organizations/Details?id={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_agent_sees_only_their_own_schools()
    {
        var (mine, notMine) = app.With(db =>
        {
            var agent = db.Users.Include(u => u.Schools).ThenInclude(s => s.School).Single(u => u.Email == Seeder.AgentEmail);
            var ids = agent.Schools.Select(s => s.SchoolId).ToList();
            return (agent.Schools.Select(s => s.School!.Name).ToList(), db.Schools.Where(s => !ids.Contains(s.Id)).Select(s => s.Name).ToList());
        });
        var html = WebUtility.HtmlDecode(await (await app.SignedInAsync(Seeder.AgentEmail)).GetStringAsync("/Schools"));
        Assert.Equal(3, mine.Count);
        Assert.All(mine, name => Assert.Contains(name, html));
        Assert.DoesNotContain(notMine, name => html.Contains($">{name}<"));
    }

    [Fact]
    public async Task Css_staff_see_only_their_service_centre_schools()
    {
        var (ours, theirs) = app.With(db =>
        {
            var centre = db.Users.Single(u => u.Email == Seeder.CssEmail).ServiceCentreId;
            return (db.Schools.Where(s => s.ServiceCentreId == centre).Select(s => s.Code).ToList(),
                    db.Schools.Where(s => s.ServiceCentreId != centre).Select(s => s.Code).ToList());
        });
        var html = await (await app.SignedInAsync(Seeder.CssEmail)).GetStringAsync("/Schools/Centre");
        // The CSS de Montréal's 187 schools: its 131 public primary schools and its secondary, vocational and adult ones.
        Assert.Equal(187, ours.Count);
        // The code cell, whatever its attributes (rows become labelled cards on a phone).
        Assert.NotEmpty(theirs);
        Assert.All(ours, code => Assert.Matches($"<td[^>]*>{code}</td>", html));
        Assert.All(theirs, code => Assert.DoesNotMatch($"<td[^>]*>{code}</td>", html));
    }
}
