using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Coverage;
using PartnerNetwork.Web.Localization;
using PartnerNetwork.Web.Hosting;
using PartnerNetwork.Web.Operations.CommandLine;
using PartnerNetwork.Web.Operations.Health;
using PartnerNetwork.Web.Operations.Telemetry;
using PartnerNetwork.Web.Api;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Privacy;
using PartnerNetwork.Web.Security;

// Help and usage errors are answered before anything starts; a command runs instead of serving.
var commandLine = AppCommandLine.Parse(args, Console.Out, Console.Error);
if (commandLine.ExitCode is { } answered) return answered;

var builder = WebApplication.CreateBuilder(commandLine.ConfigurationArgs);
// A missing family-matching key is a configuration mistake, told in one line rather than a stack trace.
if (FamilyMatching.Refusal(builder.Configuration, builder.Environment) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 1;
}

builder.Services.AddPartnerNetworkDb();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<CurrentActor>();
builder.Services.AddSingleton<ActorCache>();
builder.Services.AddSingleton<PartnerNetwork.Web.Pages.Catalogue.SearchChoices>();
builder.Services.AddScoped<PartnerNetwork.Data.Seeding.Seeder>();
builder.Services.AddSingleton<PartnerNetwork.Data.Catalogue.CatalogueIndexCache>();
builder.Services.AddSingleton<PartnerNetwork.Web.Operations.Telemetry.ProductMetrics>();
builder.Services.AddSingleton(builder.Configuration.GetSection("Coverage").Get<CoverageOptions>() ?? new CoverageOptions());
builder.Services.AddSingleton<CoverageCalculator>();
builder.Services.AddSingleton(builder.Configuration.GetSection("Freshness").Get<PartnerNetwork.Core.Catalogue.Freshness>() ?? new PartnerNetwork.Core.Catalogue.Freshness());
builder.Services.AddSingleton(FamilyMatching.KeyFrom(builder.Configuration, builder.Environment));
builder.Services.AddScoped<AccessLog>();
builder.Services.AddScoped<Outbox>();
builder.Services.AddScoped<ReferralMail>();
builder.Services.AddScoped<AccountMail>();
builder.Services.AddScoped<Accounts>();
builder.Services.AddScoped<PartnerNetwork.Web.Pages.Shared.AccessRecords>();
builder.Services.AddScoped<ListingMail>();
builder.Services.AddScoped<OutboxSender>();
builder.Services.AddScoped<OutboxJob>();
builder.Services.AddScoped<ReminderJob>();
builder.Services.AddScoped<RetentionJob>();
builder.Services.AddScoped<SessionCleanupJob>();
builder.Services.AddScoped<ImportJob>();
builder.Services.AddScoped<VerificationJob>();
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<OutboxJob>());
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<ReminderJob>());
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<RetentionJob>());
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<SessionCleanupJob>());
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<ImportJob>());
builder.Services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<VerificationJob>());
builder.Services.AddSingleton<JobWorker>();
var mail = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
if (builder.Configuration["Mail:Mode"] is null && builder.Environment.IsDevelopment()) mail.Mode = "Pickup";
builder.Services.AddSingleton(mail);
if (mail.Mode.Equals("Pickup", StringComparison.OrdinalIgnoreCase)) builder.Services.AddSingleton<IMailTransport, PickupFolderTransport>();
else builder.Services.AddSingleton<IMailTransport, SmtpMailTransport>();
if (builder.Configuration.GetValue("Jobs:Enabled", true)) builder.Services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());

builder.Services.AddIdentity<User, IdentityRole<Guid>>(IdentitySetup.Configure)
    .AddEntityFrameworkStores<PartnerNetworkDb>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(IdentitySetup.ConfigureCookie);
DatabaseKeyRing.AddTo(builder.Services);
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseSessionStore>();
builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(AccountMail.TokenLifespanDays));
builder.Services.Configure<ForwardedHeadersOptions>(o => ReverseProxy.Configure(o, builder.Configuration));
builder.Services.AddAuthorizationBuilder().AddPartnerNetworkPolicies();

builder.Services.AddLocalization();
builder.Services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>, CachedLocalizer>();
// Without this Razor writes "&#xE9;" for "é": harmless in a browser, but unreadable in the HTML.
builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/");
        o.Conventions.AllowAnonymousToFolder("/Account");
        o.Conventions.AllowAnonymousToPage("/Error");
        o.Conventions.AllowAnonymousToPage("/Language");
        // A listing-verification link is its own authority (a bearer secret scoped to one service): no account.
        o.Conventions.AllowAnonymousToFolder("/Listing");
        // A referral link is its own authorisation (the token); its page is rate limited per address.
        o.Conventions.AllowAnonymousToFolder("/Link");
        o.Conventions.AddFolderApplicationModelConvention("/Link", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(PartnerNetwork.Web.Pages.Link.LinkRateLimit.Policy)));
        o.Conventions.AuthorizePage("/Schools/Index", Policies.Agent);
        o.Conventions.AuthorizePage("/Schools/Centre", Policies.CssStaff);
        o.Conventions.AuthorizePage("/Schools/AccessAudit", Policies.CssStaffOrAdmin);
        o.Conventions.AuthorizePage("/Schools/Portrait", Policies.AgentOrCssStaffOrAdmin);
        o.Conventions.AuthorizeFolder("/Coverage", Policies.CssStaffOrAdmin);
        o.Conventions.AuthorizeFolder("/Exchange", Policies.CssStaffOrAdmin);
        o.Conventions.AuthorizeFolder("/Organizations", Policies.PartnerStaffOrAdmin);
        o.Conventions.AuthorizePage("/Organizations/AccessAudit", Policies.PartnerStaff);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        o.Conventions.AuthorizeFolder("/Families", Policies.Agent);
        o.Conventions.AuthorizeFolder("/Referrals", Policies.AgentOrPartnerStaff);
        o.Conventions.AuthorizePage("/Referrals/Index", Policies.Agent);
        o.Conventions.AuthorizePage("/Referrals/New", Policies.Agent);
        o.Conventions.AuthorizePage("/Referrals/Sheet", Policies.Agent);
        o.Conventions.AuthorizeFolder("/Inbox", Policies.PartnerStaff);
    })
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
    // Validation is on the server; without a client validation script the data-val attributes only carried
    // ASP.NET's untranslated implicit messages ("The … field is required.") into the HTML.
    .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, QuietTempDataProvider>();
builder.Services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>((o, L) =>
{
    Cultures.LocaliseModelBinding(o, L);
    o.ModelBinderProviders.Insert(0, new InvariantNumberBinderProvider());
    o.ModelBinderProviders.Insert(0, new StrictBinderProvider(L));
    o.Filters.Add(new HandlerRequired());
});
builder.Services.AddAutoMapper(cfg => cfg.LicenseKey = builder.Configuration["AutoMapper:LicenseKey"], typeof(Program).Assembly);
builder.Services.AddHsdsRateLimiting(builder.Configuration);
PartnerNetwork.Web.Pages.Link.LinkRateLimit.AddTo(builder.Services);
// Live: the process answers. Ready: the database answers and the search index is loaded.
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
    .AddCheck<CatalogueIndexHealthCheck>("search-index", tags: ["ready"]);
builder.Services.AddHostedService<CatalogueIndexWarmup>();
Telemetry.AddTo(builder.Services, builder.Configuration);
LinkRedaction.AddTo(builder.Services);
// One JSON object per log line in Production, for a log collector; readable text elsewhere.
if (builder.Environment.IsProduction())
    builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);

var app = builder.Build();

if (commandLine.Command is { } command) return await command.RunReportingAsync(app.Services, commandLine.Parsed!, Console.Error);
await DatabaseStartup.PrepareAsync(app);

app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
    app.UseHsts();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/Error",
    // A session whose user was deactivated meanwhile is refused, not reported as a crash.
    StatusCodeSelector = exception => exception is UnauthorizedAccessException ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePagesWithReExecute("/Error/{0}");
app.UseMiddleware<SecurityHeaders>();
app.UseRequestLocalization(Cultures.Options);
app.UseStaticFiles();
// Client libraries restored by LibMan into wwwroot-libs/ (copied beside the app at build).
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot-libs")),
    RequestPath = "/lib",
});
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") };
app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
app.MapHealthChecks("/health", ready).AllowAnonymous();
app.MapRazorPages();
app.MapHsdsApi();

app.Run();
return 0;

public partial class Program;
