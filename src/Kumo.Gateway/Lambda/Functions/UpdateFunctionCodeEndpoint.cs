using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>UpdateFunctionCode</c>: <c>PUT /2015-03-31/functions/{name}/code</c> with a new zip.</summary>
internal static class UpdateFunctionCodeEndpoint
{
    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapPut(FunctionRoutes.Function + "/code", UpdateAsync).WithName("Lambda.UpdateFunctionCode");

    private static async Task<IResult> UpdateAsync(
        string functionName,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!FunctionNameParser.TryParseUnqualified(functionName, region, out var name, out var nameError))
        {
            return nameError;
        }

        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.UpdateFunctionCodeRequest, LambdaJsonBody.CodeLimit, "UpdateFunctionCode");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var request = body.Value;
        var problems = new List<string>();
        var hasS3Source = (request.S3Bucket ?? request.S3Key ?? request.S3ObjectVersion) is not null;
        CodeSourceChecks.Check(problems, hasS3Source, request.ImageUri, request.Publish, request.Architectures, "ZipFile");
        if (request.ZipFile is null && !hasS3Source && request.ImageUri is null)
        {
            problems.Add("ZipFile is required: the function's new .zip package, base64-encoded");
        }

        if (problems.Count > 0 || request.ZipFile is not { } zip)
        {
            return LambdaErrors.InvalidParameter(string.Join("; ", problems));
        }

        // DryRun checks the request and that the function exists, and changes nothing.
        var function = request.DryRun == true
            ? await catalog.GetAsync(Tenants.Default, name, context.RequestAborted)
            : await catalog.UpdateCodeAsync(Tenants.Default, name, zip, request.RevisionId, context.RequestAborted);
        return function is null
            ? LambdaErrors.FunctionNotFound(region.FunctionArn(name))
            : Results.Json(LambdaFunctionConfiguration.From(function, region), LambdaJsonContext.Default.LambdaFunctionConfiguration);
    }
}
