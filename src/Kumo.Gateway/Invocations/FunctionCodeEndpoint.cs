using Kumo.Abstractions.Api;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Kumo.Gateway.Invocations;

/// <summary>
/// <c>GET /_kumo/v1/functions/{name}/code</c>: the function's code package as it was uploaded — the address
/// the Lambda API's <c>GetFunction</c> gives as <c>Code.Location</c>.
/// </summary>
internal static class FunctionCodeEndpoint
{
    public static async Task<IResult> GetAsync(
        string name, [FromServices] IFunctionCatalog catalog, [FromServices] ICodePackageStore packages, CancellationToken cancellationToken)
    {
        var function = await catalog.GetAsync(Tenants.Default, name, cancellationToken);
        if (function is null)
        {
            return NativeErrors.Missing($"there is no function '{name}'. List them with GET {NativeApi.FunctionsPath} or 'kumo functions ls'.");
        }

        var package = await packages.OpenReadAsync(function.CodeSha256, cancellationToken);
        return package is null
            ? NativeErrors.Missing($"the code package of '{name}' is missing from the data directory; upload the code again")
            : Results.Stream(package, "application/zip", fileDownloadName: name + ".zip");
    }
}
