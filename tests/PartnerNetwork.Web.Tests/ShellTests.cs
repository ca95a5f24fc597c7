using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

public class ShellTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task French_is_the_default_language()
    {
        var html = await app.Client().GetStringAsync("/Account/SignIn");
        Assert.Contains("<html lang=\"fr-CA\">", html);
        Assert.Contains("Connexion", html);
    }

    [Fact]
    public async Task The_language_switch_changes_the_page_language_and_is_remembered()
    {
        var client = app.Client();
        var switched = await AppFactory.PostFormAsync(client, "/Language",
            new() { ["culture"] = "en-CA", ["returnUrl"] = "/Account/SignIn" }, formPage: "/Account/SignIn");
        var html = await switched.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en-CA\">", html);
        Assert.Contains("Sign in", html);
        // The cookie keeps it on the next page.
        var next = await client.GetAsync("/Error/404");
        Assert.Contains("<html lang=\"en-CA\">", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_language_switch_ignores_unknown_cultures_and_foreign_return_urls()
    {
        var client = app.Client(follow: false);
        var response = await AppFactory.PostFormAsync(client, "/Language",
            new() { ["culture"] = "xx-XX", ["returnUrl"] = "https://evil.example/" }, formPage: "/Account/SignIn");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("Culture")));
    }

    [Fact]
    public async Task Numbers_are_formatted_for_the_culture()
    {
        var client = await app.SignedInAsync(Seeder.CssEmail);
        var french = await client.GetStringAsync("/Schools/Centre?sort=enrolment");
        var english = await client.GetStringAsync("/Schools/Centre?sort=enrolment&culture=en-CA");
        // fr-CA groups thousands with a (narrow) no-break space, which Razor writes as a character reference; en-CA with a comma.
        Assert.Matches(@"<strong>\d+(&#xA0;|&#x202F;|\u00A0|\u202F)\d{3}</strong>", french);
        Assert.Matches(@"<strong>\d+,\d{3}</strong>", english);
    }

    [Fact]
    public async Task A_directory_search_records_its_duration_on_the_product_meter()
    {
        var searches = new System.Collections.Concurrent.ConcurrentBag<(double Ms, string? Source)>();
        // Only this app's meter (its host's meter factory is the meter's scope): other classes' apps search at the same time.
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PartnerNetwork.Web.Operations.Telemetry.ProductMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, ms, tags, _) =>
            searches.Add((ms, tags.ToArray().SingleOrDefault(t => t.Key == "source").Value as string)));
        listener.Start();

        var agent = await app.SignedInAsync(PartnerNetwork.Data.Seeding.Seeder.AgentEmail);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/Catalogue?q=devoirs")).StatusCode);
        Assert.Contains(searches, s => s.Source == "page" && s.Ms >= 0);
    }

    [Fact]
    public async Task Health_is_live_at_once_and_ready_when_the_database_answers_and_the_index_is_loaded()
    {
        var client = app.Client();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal(HttpStatusCode.OK, (await HealthTests.WhenReadyAsync(client)).StatusCode);
        Assert.True(app.Services.GetRequiredService<PartnerNetwork.Data.Catalogue.CatalogueIndexCache>().IsLoaded);
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task An_unknown_url_shows_the_friendly_not_found_page()
    {
        var response = await app.Client().GetAsync("/nowhere/at/all");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page introuvable", html);
        Assert.Contains("<main", html);
    }

    [Fact]
    public async Task A_server_error_shows_the_friendly_page_without_details()
    {
        var response = await app.Client().GetAsync(AppFactory.ThrowPath);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Une erreur est survenue", html);
        Assert.DoesNotContain("Secret detail", html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.DoesNotContain("   at ", html);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        var response = await app.Client().GetAsync("/Account/SignIn");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_status_message_travels_in_a_cookie_only_when_there_is_one()
    {
        var client = await app.SignedInAsync(Seeder.AdminEmail);
        foreach (var url in new[] { "/Account/SignIn", "/Admin/Users", "/Catalogue" })
        {
            var response = await client.GetAsync(url);
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.Contains("TempData", StringComparison.Ordinal));
        }
        // Creating an organisation redirects with a message: the cookie carries it, the next page shows it and clears it.
        var name = $"Maison du message {Guid.NewGuid():N}";
        var created = await AppFactory.PostFormAsync(client, "/Admin/Organizations?handler=Create", new() { ["Input.Name"] = name }, formPage: "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains(created.Headers.GetValues("Set-Cookie"), c => c.Contains("TempData", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        var shown = await client.GetAsync("/Admin/Organizations");
        Assert.Contains($"L’organisme « {name} » a été ajouté.", WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync()));
        Assert.Contains(shown.Headers.GetValues("Set-Cookie"), c => c.Contains("TempData", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain($"« {name} » a été ajouté", WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Organizations")));
    }

    [Fact]
    public async Task Pages_have_no_inline_script()
    {
        var client = await app.SignedInAsync(Seeder.AdminEmail);
        foreach (var url in new[] { "/Admin/Users", "/Admin/Organizations", "/Admin/Users/Edit" })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotContain(" style=\"", html);
        }
    }

    [Fact]
    public async Task Client_libraries_are_served_from_wwwroot_libs()
    {
        var client = app.Client();
        foreach (var url in new[] { "/lib/leaflet/leaflet.js", "/lib/leaflet.markercluster/leaflet.markercluster.js", "/lib/bootstrap/css/bootstrap.min.css" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000, url);
        }
    }
}

public class ProductionShellTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task Hsts_is_sent_outside_development()
    {
        var client = app.Client();
        client.BaseAddress = new Uri("https://partnernetwork.test/");
        var response = await client.GetAsync("/health");
        Assert.Contains("max-age", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public void Production_logs_are_json_lines()
    {
        var console = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>>();
        Assert.Equal(Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json, console.CurrentValue.FormatterName);
    }

    [Fact]
    public async Task A_server_error_in_production_shows_no_details_either()
    {
        var response = await app.Client().GetAsync(AppFactory.ThrowPath);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Une erreur est survenue", html);
        Assert.DoesNotContain("Secret detail", html);
    }
}
