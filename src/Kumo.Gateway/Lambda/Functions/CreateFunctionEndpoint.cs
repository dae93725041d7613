using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.Names;
using Kumo.Gateway.Lambda.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kumo.Gateway.Lambda.Functions;

/// <summary><c>CreateFunction</c>: <c>POST /2015-03-31/functions</c>, 201 with the new function's configuration.</summary>
internal static class CreateFunctionEndpoint
{
    public static void Map(IEndpointRouteBuilder lambda) =>
        lambda.MapPost(FunctionRoutes.Functions, CreateAsync).WithName("Lambda.CreateFunction");

    private static async Task<IResult> CreateAsync(
        HttpContext context,
        [FromServices] IFunctionCatalog catalog,
        [FromServices] PlatformRegion region)
    {
        var body = await LambdaJsonBody.ReadAsync(context, LambdaJsonContext.Default.CreateFunctionRequest, LambdaJsonBody.CodeLimit, "CreateFunction");
        if (!body.Succeeded)
        {
            return body.Error;
        }

        var request = body.Value;
        string? name = null;
        if (!string.IsNullOrEmpty(request.FunctionName)
            && !FunctionNameParser.TryParseUnqualified(request.FunctionName, region, out name, out var nameError))
        {
            return nameError;
        }

        var problems = CreateFunctionChecks.Problems(request);
        if (problems.Count > 0 || name is null || request is not { Runtime: { } runtime, Handler: { } handler, Code.ZipFile: { } zip })
        {
            return LambdaErrors.InvalidParameter(string.Join("; ", problems));
        }

        var definition = new FunctionDefinition
        {
            Name = name,
            Runtime = runtime,
            Handler = handler,
            ZipFile = zip,
            Settings = new FunctionSettings
            {
                Role = request.Role,
                Description = request.Description,
                MemoryMb = request.MemorySize,
                TimeoutSeconds = request.Timeout,
                EphemeralStorageMb = request.EphemeralStorage?.Size,
                Environment = request.Environment?.Variables,
            },
            Tags = request.Tags ?? new Dictionary<string, string>(),
        };
        var created = await catalog.CreateAsync(Tenants.Default, definition, context.RequestAborted);
        return Results.Json(
            LambdaFunctionConfiguration.From(created, region),
            LambdaJsonContext.Default.LambdaFunctionConfiguration,
            statusCode: StatusCodes.Status201Created);
    }
}
