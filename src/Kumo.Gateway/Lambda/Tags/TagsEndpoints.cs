using System.Diagnostics.CodeAnalysis;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Tags;

/// <summary><c>TagResource</c>, <c>ListTags</c> and <c>UntagResource</c> on <c>/2017-03-31/tags/{arn}</c>.</summary>
internal static class TagsEndpoints
{
    private const string Path = "/2017-03-31/tags/{arn}";

    public static void Map(IEndpointRouteBuilder lambda)
    {
        lambda.MapPost(Path, TagAsync).WithName("Lambda.TagResource");
        lambda.MapGet(Path, ListAsync).WithName("Lambda.ListTags");
        lambda.MapDelete(Path, UntagAsync).WithName("Lambda.UntagResource");
    }

    private static async Task<IResult> TagAsync(
        string arn,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!TryParseArn(arn, region, out var name, out var error))
        {
            return error;
        }

        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.ResourceTags, LambdaJsonBody.SettingsLimit, "TagResource");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        if (body.Value.Tags is not { } tags)
        {
            return LambdaErrors.InvalidParameter("Tags is required");
        }

        await catalog.TagAsync(Tenants.Default, name, tags, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ListAsync(
        string arn,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!TryParseArn(arn, region, out var name, out var error))
        {
            return error;
        }

        return await catalog.GetAsync(Tenants.Default, name, context.RequestAborted) is { } function
            ? Results.Json(new ResourceTags { Tags = function.Tags }, LambdaJsonContext.Default.ResourceTags)
            : LambdaErrors.FunctionNotFound(arn);
    }

    private static async Task<IResult> UntagAsync(
        string arn,
        [FromQuery(Name = "tagKeys")] string[]? tagKeys,
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        if (!TryParseArn(arn, region, out var name, out var error))
        {
            return error;
        }

        if (tagKeys is not { Length: > 0 })
        {
            return LambdaErrors.InvalidParameter("tagKeys is required: name each tag to remove as ?tagKeys=key");
        }

        await catalog.UntagAsync(Tenants.Default, name, tagKeys, context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>Tags belong to a function as a whole: its ARN, unqualified.</summary>
    private static bool TryParseArn(
        string arn,
        PlatformRegion region,
        [NotNullWhen(true)] out string? name,
        [NotNullWhen(false)] out LambdaError? error)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            name = null;
            error = LambdaErrors.InvalidParameter($"'{arn}' is not a function ARN; tags take arn:aws:lambda:region:account:function:name");
            return false;
        }

        return FunctionNameParser.TryParseUnqualified(arn, region, out name, out error);
    }
}
