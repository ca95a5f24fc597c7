using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Catalogue;

/// <summary>The app with a clock the tests move: the verification job runs on "days" the test chooses.</summary>
public sealed class FreshnessApp : AppFactory
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<VerificationJob.Sent> RunJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VerificationJob>().SendDueAsync();
    }

    /// <summary>A link for one service, issued as the job would (only its hash stored); returns the token.</summary>
    public string Issue(Guid organizationId, Guid serviceId, Action<EmailLink>? change = null, EmailLinkPurpose purpose = EmailLinkPurpose.ListingVerification)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var (link, token) = EmailLink.Issue(purpose, organizationId, "contact@test.local", now, now.AddDays(30), serviceId: serviceId);
        change?.Invoke(link);
        With(db => { db.EmailLinks.Add(link); return db.SaveChanges(); });
        return token;
    }
}

/// <summary>Listings that stay true: the daily request, the links' pages (GET changes nothing), the edit by link, the stale marks.</summary>
[Trait("Database", "Both")]
public class FreshnessTests(FreshnessApp app) : IClassFixture<FreshnessApp>
{
    static readonly Regex VerifyLink = new(@"/Listing/Verify/([A-Za-z0-9_-]{43})(?!\?)");

    /// <summary>An organisation of its own with two services confirmed seven months ago and one confirmed last week.</summary>
    (Guid Organization, Service Due1, Service Due2, Service Fresh, string Email) NewOrganization()
    {
        var today = QuebecTime.Today(app.Clock);
        var id = Guid.NewGuid();
        var email = $"contact-{id:N}@test.local";
        return app.With(db =>
        {
            var template = db.Services.AsNoTracking().Include(s => s.Categories).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
                .First(s => !s.IsRemote && s.ServiceAtLocations.Any());
            var organization = new Organization { Id = id, Name = $"Organisme fraîcheur {id:N}"[..40], Email = email, Description = "Test" };
            var location = new Location
            {
                Id = Guid.NewGuid(), OrganizationId = id, Name = "Local", Address1 = "1 rue Test", City = "Montréal",
                Latitude = template.ServiceAtLocations[0].Location!.Latitude, Longitude = template.ServiceAtLocations[0].Location!.Longitude,
            };
            Service Make(string name, DateOnly assured)
            {
                var service = new Service
                {
                    Id = Guid.NewGuid(), OrganizationId = id, Name = name, Description = "Aide", Languages = ["fr"], AssuredDate = assured,
                    Capacity = new ServiceCapacity { Available = 5, Maximum = 10 },
                };
                service.SetNeeds(template.Categories.Select(c => c.NeedCategoryId));
                service.OfferAt([location.Id]);
                return service;
            }
            var due1 = Make($"Dépannage {id:N}"[..20], today.AddMonths(-7));
            var due2 = Make($"Aide aux devoirs {id:N}"[..24], today.AddMonths(-13));
            var fresh = Make($"Cuisine {id:N}"[..18], today.AddDays(-7));
            organization.Services.AddRange([due1, due2, fresh]);
            db.Organizations.Add(organization);
            db.Locations.Add(location);
            db.SaveChanges();
            return (id, due1, due2, fresh, email);
        });
    }

    List<string> TokensMailedTo(string email) => app.With(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToList())
        .SelectMany(body => VerifyLink.Matches(body).Select(m => m.Groups[1].Value)).ToList();

    [Fact]
    public async Task The_daily_job_mails_each_organisation_once_with_one_link_per_due_service_then_reminds_once_at_fourteen_days()
    {
        var (organization, due1, due2, fresh, email) = NewOrganization();
        var first = await app.RunJobAsync();
        Assert.True(first.Organizations >= 1);
        var mails = app.With(db => db.Outbox.Where(m => m.To == email).Select(m => m.Body).ToList());
        var body = Assert.Single(mails);
        Assert.Contains(due1.Name, body);
        Assert.Contains(due2.Name, body);
        Assert.DoesNotContain(fresh.Name, body);
        Assert.Equal(2, TokensMailedTo(email).Count);
        Assert.Contains("/Listing/Edit/", body);
        Assert.Contains("?answer=capacity", body);
        // Only the hashes are stored, scoped to the organisation and the service, expiring in 30 days.
        var links = app.With(db => db.EmailLinks.AsNoTracking().Where(l => l.OrganizationId == organization).ToList());
        Assert.Equal(new[] { due1.Id, due2.Id }.Order(), links.Select(l => l.ServiceId!.Value).Order());
        Assert.All(links, l => Assert.DoesNotContain(Convert.ToBase64String(l.TokenHash), body));

        // The next day's run sends nothing more: the request is open.
        using (app.Clock.Travel(app.Clock.Now.AddDays(1)))
        {
            await app.RunJobAsync();
            Assert.Single(app.With(db => db.Outbox.Where(m => m.To == email).ToList()));
        }
        // Fourteen days on, one reminder with fresh links; a second run the same day sends no other.
        using (app.Clock.Travel(app.Clock.Now.AddDays(14).AddHours(1)))
        {
            var reminded = await app.RunJobAsync();
            Assert.True(reminded.Reminders >= 2);
            await app.RunJobAsync();
            var all = app.With(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.CreatedAt).ToList());
            Assert.Equal(2, all.Count);
            Assert.StartsWith("Rappel", all[1].Subject);
            Assert.Equal(4, TokensMailedTo(email).Distinct().Count());
        }
        // Once the links have run out unanswered, a new request goes: the same records, asked again, reminder cleared.
        var renewedAt = app.Clock.Now.AddDays(31);
        using (app.Clock.Travel(renewedAt))
        {
            var renewed = await app.RunJobAsync();
            Assert.True(renewed.Requests >= 2);
            var all = app.With(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.CreatedAt).ToList());
            Assert.Equal(3, all.Count);
            Assert.StartsWith("Vos services", all[2].Subject);
            var records = app.With(db => db.ListingVerifications.AsNoTracking().Where(v => v.OrganizationId == organization).ToList());
            Assert.Equal(new[] { due1.Id, due2.Id }.Order(), records.Select(v => v.ServiceId).Order());
            Assert.All(records, v =>
            {
                Assert.Equal(renewedAt.UtcDateTime, v.RequestedAt!.Value, TimeSpan.FromSeconds(1));
                Assert.Null(v.RemindedAt);
            });
        }
    }

    [Fact]
    public async Task Opening_a_link_changes_nothing_and_Still_accurate_marks_the_service_verified_today_keeping_last_modified()
    {
        var (organization, due1, _, _, _) = NewOrganization();
        var token = app.Issue(organization, due1.Id);
        var before = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        var client = app.Client(follow: false);
        foreach (var url in new[] { $"/Listing/Verify/{token}", $"/Listing/Verify/{token}?answer=capacity", $"/Listing/Edit/{token}" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        var opened = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        Assert.Equal((before.AssuredDate, before.Version, before.UpdatedAt, before.Capacity.Available), (opened.AssuredDate, opened.Version, opened.UpdatedAt, opened.Capacity.Available));
        Assert.Null(app.With(db => db.EmailLinks.AsNoTracking().Single(l => l.ServiceId == due1.Id).LastUsedAt));
        Assert.False(app.With(db => db.ListingVerifications.Any(v => v.ServiceId == due1.Id && v.AnsweredAt != null)));

        // An hour later (the test clock stands still otherwise): a save that moved last_modified would show it.
        using var later = app.Clock.Travel(app.Clock.Now.AddHours(1));
        var confirmed = await AppFactory.PostFormAsync(client, $"/Listing/Verify/{token}?handler=Confirm", [], $"/Listing/Verify/{token}");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        Assert.Equal(QuebecTime.Today(app.Clock), after.AssuredDate);
        // A confirmation is not a change of content: HSDS last_modified stays.
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(VerificationAnswer.StillAccurate, app.With(db => db.ListingVerifications.Single(v => v.ServiceId == due1.Id).LastAnswer));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(confirmed.Headers.Location!.OriginalString));
        Assert.Contains("est confirmé aujourd’hui", page);
    }

    [Fact]
    public async Task Full_by_link_shows_on_the_next_search_and_a_stale_listing_is_marked_and_filtered()
    {
        var (organization, due1, due2, fresh, _) = NewOrganization();
        var token = app.Issue(organization, fresh.Id);
        var client = app.Client(follow: false);
        var full = await AppFactory.PostFormAsync(client, $"/Listing/Verify/{token}?handler=Capacity", new() { ["state"] = "Full" }, $"/Listing/Verify/{token}?answer=capacity");
        Assert.Equal(HttpStatusCode.Redirect, full.StatusCode);
        var bad = await AppFactory.PostFormAsync(client, $"/Listing/Verify/{token}?handler=Capacity", new() { ["state"] = "NotAcceptingReferrals" }, $"/Listing/Verify/{token}?answer=capacity");
        Assert.Contains("Choisissez l’un des trois états", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));

        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var name = Uri.EscapeDataString(organization.ToString("N")[..8]);
        var results = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q={name}"));
        var card = Regex.Match(results, $"id=\"r-{fresh.Id}\".*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("Complet", card);
        Assert.DoesNotContain($"r-{fresh.Id}", await agent.GetStringAsync($"/Catalogue?origin=none&open=true&q={name}"));
        // Thirteen months unconfirmed: marked in the results and on the service page, and left out by the filter.
        var staleCard = Regex.Match(results, $"id=\"r-{due2.Id}\".*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("information non confirmée depuis le", staleCard);
        Assert.DoesNotContain("information non confirmée", Regex.Match(results, $"id=\"r-{due1.Id}\".*?</li>", RegexOptions.Singleline).Value);
        Assert.Contains("information non confirmée depuis le", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue/Service/{due2.Id}")));
        var verified = await agent.GetStringAsync($"/Catalogue?origin=none&verified=true&q={name}");
        Assert.Contains($"r-{due1.Id}", verified);
        Assert.DoesNotContain($"r-{due2.Id}", verified);
    }

    [Fact]
    public async Task Tampered_expired_revoked_referral_and_other_organisation_tokens_are_not_found_by_GET_or_POST()
    {
        var (organization, due1, _, _, _) = NewOrganization();
        var (other, _, _, _, _) = NewOrganization();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var good = app.Issue(organization, due1.Id);
        var tampered = good[..^1] + (good[^1] == 'A' ? 'B' : 'A');
        var expired = app.Issue(organization, due1.Id, l => l.ExpiresAt = now.AddSeconds(-1));
        var revoked = app.Issue(organization, due1.Id, l => l.Revoke(now, null));
        var otherOrganization = app.Issue(other, due1.Id);                 // a link of organisation B naming A's service
        var referral = app.Issue(organization, due1.Id, purpose: EmailLinkPurpose.Referral);
        var client = app.Client(follow: false);
        var antiforgery = AppFactory.AntiforgeryToken(await client.GetStringAsync($"/Listing/Verify/{good}"));
        foreach (var token in new[] { tampered, expired, revoked, otherOrganization, referral, "abc", new string('-', 43) })
        {
            foreach (var path in new[] { $"/Listing/Verify/{token}", $"/Listing/Verify/{token}?answer=capacity", $"/Listing/Edit/{token}" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
            foreach (var (path, field, value) in new[] { ($"/Listing/Verify/{token}?handler=Confirm", "x", "x"), ($"/Listing/Verify/{token}?handler=Capacity", "state", "Full"), ($"/Listing/Edit/{token}", "Input.Name", "Piraté") })
            {
                var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, [field] = value }));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        var after = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        Assert.Equal((due1.Name, due1.AssuredDate, CapacityState.TakingReferrals), (after.Name, after.AssuredDate, after.CapacityState));
    }

    [Fact]
    public async Task The_edit_by_link_form_refuses_the_same_hostile_input_as_the_partners_form_and_a_good_edit_is_live_audited_and_announced()
    {
        var (organization, due1, _, _, _) = NewOrganization();
        var foreignLocation = app.With(db => db.Locations.First(l => l.OrganizationId != organization).Id);
        var token = app.Issue(organization, due1.Id);
        var client = app.Client(follow: false);
        var page = await client.GetStringAsync($"/Listing/Edit/{token}");
        var fields = SelfServiceTests.FormOf(page);
        fields["Input.Name"] = new string('x', 500);
        fields["Input.ReferralEmail"] = "pas-un-courriel";
        fields["Input.ReferralPhone"] = "=HYPERLINK(\"http://x\")";
        fields["Input.Hours[2].Opens"] = "20:00"; fields["Input.Hours[2].Closes"] = "09:00";
        fields["Input.CapacityAvailable"] = "50"; fields["Input.CapacityMaximum"] = "10";
        var multi = new List<KeyValuePair<string, string>>
        {
            new("Input.CategoryCodes", "no-such-need"), new("Input.Languages", "fr"), new("Input.LocationIds", foreignLocation.ToString()),
        };
        var refused = await client.PostAsync($"/Listing/Edit/{token}", new FormUrlEncodedContent(fields.Concat(multi)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("ne doit pas dépasser 200 caractères", html);
        Assert.Contains("doit contenir une adresse courriel valide", html);
        Assert.Contains("numéro de téléphone nord-américain", html);
        Assert.Contains("l’ouverture doit précéder la fermeture", html);
        Assert.Contains("Les places libres ne peuvent dépasser la capacité maximale.", html);
        Assert.Contains("Choisissez au moins un besoin.", html);
        var unchanged = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        Assert.Equal((due1.Name, due1.AssuredDate), (unchanged.Name, unchanged.AssuredDate));
        Assert.False(app.With(db => db.ListingChanges.Any(c => c.ServiceId == due1.Id)));

        // The same form, filled well: live at once, confirmed, audited, and the admins told.
        fields = SelfServiceTests.FormOf(page);
        var newName = $"Dépannage du soir {Guid.NewGuid():N}"[..26];
        fields["Input.Name"] = newName;
        var categories = Regex.Matches(page, "name=\"Input.CategoryCodes\" value=\"([^\"]+)\"[^>]*checked").Select(m => new KeyValuePair<string, string>("Input.CategoryCodes", m.Groups[1].Value));
        var locations = Regex.Matches(page, "name=\"Input.LocationIds\" value=\"([^\"]+)\"[^>]*checked").Select(m => new KeyValuePair<string, string>("Input.LocationIds", m.Groups[1].Value));
        var saved = await client.PostAsync($"/Listing/Edit/{token}", new FormUrlEncodedContent(fields.Concat(categories).Concat(locations).Append(new("Input.Languages", "fr"))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var edited = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == due1.Id));
        Assert.Equal(newName, edited.Name);
        Assert.Equal(QuebecTime.Today(app.Clock), edited.AssuredDate);
        var change = app.With(db => db.ListingChanges.Single(c => c.ServiceId == due1.Id));
        Assert.Equal("contact@test.local", change.Email);
        Assert.Contains("Name", change.Details);
        Assert.Contains(app.With(db => db.Outbox.Where(m => m.To == Seeder.AdminEmail).Select(m => m.Body).ToList()), b => b.Contains(newName));
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.Contains($"r-{due1.Id}", await agent.GetStringAsync($"/Catalogue?origin=none&q={Uri.EscapeDataString(newName)}"));
    }

    [Fact]
    public async Task The_freshness_page_shows_shares_and_the_stale_list_to_admins_and_CSS_staff_and_sends_a_request_now()
    {
        var (_, _, due2, _, email) = NewOrganization();
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/Coverage/Freshness"));
        Assert.Contains("Tous les besoins", html);
        Assert.Contains($"s-{due2.Id}", html);
        var csv = await admin.GetStringAsync("/Coverage/Freshness?handler=Csv");
        Assert.Contains(due2.Id.ToString(), csv);
        Assert.Contains("service_id,service,organization,assured_date,last_request_sent,last_answer", csv);

        var sent = await AppFactory.PostFormAsync(admin, "/Coverage/Freshness?handler=Send", new() { ["serviceId"] = due2.Id.ToString() }, "/Coverage/Freshness");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains(due2.Name, Assert.Single(app.With(db => db.Outbox.Where(m => m.To == email).Select(m => m.Body).ToList())));
        var listed = WebUtility.HtmlDecode(await admin.GetStringAsync("/Coverage/Freshness?sort=requested&desc=true"));
        var row = Regex.Match(listed, $"id=\"s-{due2.Id}\".*?</tr>", RegexOptions.Singleline).Value;
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", row);

        // CSS staff: the organisations with a site in their territory; other roles: not allowed.
        var css = await app.SignedInAsync(Seeder.CssEmail);
        Assert.Equal(HttpStatusCode.OK, (await css.GetAsync("/Coverage/Freshness")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await css.GetAsync("/Coverage/Freshness?centre=999999")).StatusCode);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.NotEqual(HttpStatusCode.OK, (await partner.GetAsync("/Coverage/Freshness")).StatusCode);
    }

    [Fact]
    public async Task The_coverage_page_can_count_only_verified_services_and_an_admin_sets_an_organisations_period()
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var all = WebUtility.HtmlDecode(await css.GetStringAsync("/Coverage"));
        var verified = WebUtility.HtmlDecode(await css.GetStringAsync("/Coverage?verified=true"));
        Assert.Contains("id=\"verified\"", verified);
        Assert.Matches("id=\"verified\"[^>]*checked", verified);
        Assert.NotEqual(all, verified);

        var (organization, _, _, _, _) = NewOrganization();
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var refused = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Period", new() { ["id"] = organization.ToString(), ["months"] = "99" }, "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("entre 1 et 24 mois", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Null(app.With(db => db.Organizations.Single(o => o.Id == organization).VerificationMonths));
        var saved = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Period", new() { ["id"] = organization.ToString(), ["months"] = "3" }, "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(3, app.With(db => db.Organizations.Single(o => o.Id == organization).VerificationMonths));
    }
}
