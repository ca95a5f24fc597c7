using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace PartnerNetwork.Web.Hosting;

/// <summary>
/// The cookie TempData provider, except that a response with no message to carry and no message cookie to clear sets no
/// cookie. Every page reads TempData (the layout shows the status message), and the stock provider then answered each one
/// with a Set-Cookie header deleting a cookie the browser did not have.
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        // A long message is split over name, nameC1, nameC2…
        var name = options.Value.Cookie.Name!;
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(k => k.StartsWith(name, StringComparison.Ordinal))) return;
        cookies.SaveTempData(context, values);
    }
}
