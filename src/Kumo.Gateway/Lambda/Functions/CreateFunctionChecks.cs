namespace Kumo.Gateway.Lambda.Functions;

/// <summary>
/// What the gateway checks of a <c>CreateFunction</c> body before the catalog sees it: fields required by the
/// API's shape and features Kumo lacks. The catalog checks the values themselves.
/// </summary>
internal static class CreateFunctionChecks
{
    public static List<string> Problems(CreateFunctionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (string.IsNullOrEmpty(request.FunctionName))
        {
            problems.Add("FunctionName is required");
        }

        if (string.IsNullOrEmpty(request.Runtime) || string.IsNullOrEmpty(request.Handler))
        {
            problems.Add("Runtime and Handler are mandatory parameters for functions created with deployment packages");
        }

        if (request.PackageType == "Image")
        {
            problems.Add("container images (PackageType Image) are not supported yet; use PackageType Zip");
        }
        else if (request.PackageType is not (null or "Zip"))
        {
            problems.Add($"PackageType must be Zip, not '{request.PackageType}'");
        }

        var code = request.Code;
        var hasS3Source = code is not null && (code.S3Bucket ?? code.S3Key ?? code.S3ObjectVersion) is not null;
        CodeSourceChecks.Check(problems, hasS3Source, code?.ImageUri, request.Publish, request.Architectures, "Code.ZipFile");
        if (code?.ZipFile is null && !hasS3Source && code?.ImageUri is null)
        {
            problems.Add("Code.ZipFile is required: the function's .zip package, base64-encoded");
        }

        if (request.EphemeralStorage is { Size: null })
        {
            problems.Add("EphemeralStorage.Size is required when EphemeralStorage is given");
        }

        return problems;
    }
}
