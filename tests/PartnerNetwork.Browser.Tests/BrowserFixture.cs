using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerNetwork.Web.Tests;

namespace PartnerNetwork.Browser.Tests;

/// <summary>The real app on a loopback socket (Kestrel) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    readonly AppFactory app = new();
    IPlaywright? playwright;

    /// <summary>Reads the app's database (ids for URLs, checks behind the browser).</summary>
    public T With<T>(Func<PartnerNetwork.Data.PartnerNetworkDb, T> read) => app.With(read);

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => throw new InvalidOperationException($"Script error on {page.Url}: {error}");
        return page;
    }

    public async Task<IPage> SignedInPageAsync(string email, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("Courriel").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(AppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // Waits for the home page's heading, not its load event: twice in full runs here the redirect had landed
        // (network idle) but Playwright never saw "load", and the default wait timed out.
        await page.WaitForURLAsync(url => !url.Contains("/Account/SignIn"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.Locator("h1").First.WaitForAsync(new() { Timeout = 60_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        await app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
