using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerNetwork.Web.Tests;

namespace PartnerNetwork.Browser.Tests;

/// <summary>The real app on a loopback socket (Kestrel) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>
    /// Debian's headless shell when installed (tools/test.sh installs it): the same Blink without the full browser's
    /// user interface, the build Playwright itself uses for headless runs; otherwise the full browser, headless.
    /// </summary>
    public static readonly string Chromium = File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium";

    readonly AppFactory app = new();
    IPlaywright? playwright;

    /// <summary>Reads the app's database (ids for URLs, checks behind the browser).</summary>
    public T With<T>(Func<PartnerNetwork.Data.PartnerNetworkDb, T> read) => app.With(read);

    /// <summary>Runs app work in a scope of its own (a background job the test triggers).</summary>
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

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
        var context = await Browser.NewContextAsync(ContextOptions(width: width, height: height));
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => throw new InvalidOperationException($"Script error on {page.Url}: {error}");
        return page;
    }

    readonly Dictionary<string, IPage> sharedPages = [];

    /// <summary>
    /// One long-lived page per role (null: signed out) for tests that only read, run one at a time in a collection:
    /// a fresh context per test starts new Chromium renderers, which cost more than the pages they check.
    /// The caller leaves it open.
    /// </summary>
    public async Task<IPage> SharedPageAsync(string? email)
    {
        var key = email ?? "";
        if (sharedPages.TryGetValue(key, out var page) && !page.IsClosed) return page;
        page = email is null ? await NewPageAsync() : await SignedInPageAsync(email);
        sharedPages[key] = page;
        return page;
    }

    readonly Dictionary<string, string> signedInStates = [];
    readonly SemaphoreSlim statesLock = new(1, 1);

    /// <summary>
    /// A page signed in as <paramref name="email"/>, on <paramref name="at"/> or else that role's home page. The form is
    /// filled once per role; later pages start from the stored cookies (a fresh context each time), and sign in again
    /// if that session has ended.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, int width = 1280, int height = 900, string? at = null)
    {
        string? state;
        await statesLock.WaitAsync();
        try { signedInStates.TryGetValue(email, out state); }
        finally { statesLock.Release(); }
        if (state is not null)
        {
            var context = await Browser.NewContextAsync(ContextOptions(state, width, height));
            var page = await context.NewPageAsync();
            page.PageError += (_, error) => throw new InvalidOperationException($"Script error on {page.Url}: {error}");
            await page.GotoAsync(at ?? "/");
            if (!page.Url.Contains("/Account/SignIn"))
            {
                await page.Locator("h1").First.WaitForAsync(new() { Timeout = 60_000 });
                return page;
            }
            await context.CloseAsync();
        }
        var signedIn = await SignInThroughFormAsync(email, width, height);
        var stored = await signedIn.Context.StorageStateAsync();
        await statesLock.WaitAsync();
        try { signedInStates[email] = stored; }
        finally { statesLock.Release(); }
        if (at is not null) await signedIn.GotoAsync(at);
        return signedIn;
    }

    /// <summary>Signs in through the real form, in a new context.</summary>
    public async Task<IPage> SignInThroughFormAsync(string email, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/Account/SignIn");
        // Polls the address instead of waiting for navigation events: in full runs on a saturated machine the redirect
        // had landed (network idle) while Playwright's navigation wait never ended. If the page is still the form after
        // that, the click was lost: fill and submit once more (a wrong password would fail the second time too).
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByLabel("Courriel").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(AppFactory.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
            try
            {
                await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/SignIn"), new() { Timeout = 30_000 });
                break;
            }
            catch (Exception) when (attempt < 2 && page.Url.Contains("/Account/SignIn")) { }
        }
        await page.Locator("h1").First.WaitForAsync(new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>
    /// After a click that navigates: waits until the page is at an address holding <paramref name="addressPart"/> and its
    /// document is parsed to the end (the layout's footer is there), by polling — Playwright's wait for the navigation's
    /// load event now and then never ends on a loaded machine (seen in CI on the inbox's sort and on sign-in).
    /// </summary>
    public static async Task ArrivedAsync(IPage page, string addressPart)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(addressPart)));
        await Assertions.Expect(page.Locator("footer").Last).ToBeAttachedAsync();
    }

    BrowserNewContextOptions ContextOptions(string? storageState = null, int width = 1280, int height = 900) =>
        new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, StorageState = storageState };

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

/// <summary>
/// A second app and browser, so two groups of journeys run side by side (the pages wait on the browser more than
/// they use the processor). The accessibility sweep, the longest, lives here.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-2";
}
