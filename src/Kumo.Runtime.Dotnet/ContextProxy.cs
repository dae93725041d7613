using System.Reflection;
using System.Text.Json;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// Implements, at run time, whatever context interface the handler declares — AWS's <c>ILambdaContext</c> from
/// the function's own Amazon.Lambda.Core, or an interface of the function's own — by answering its members by
/// name: <c>AwsRequestId</c>, <c>FunctionName</c>, <c>RemainingTime</c>, <c>Logger</c> and the rest.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives a class from this one at run time: it cannot be sealed.
internal class ContextProxy : DispatchProxy
#pragma warning restore CA1852
{
    private InvocationContext _context = null!;

    public static object Create(Type contextInterface, InvocationContext context)
    {
        var proxy = (ContextProxy)DispatchProxy.Create(contextInterface, typeof(ContextProxy));
        proxy._context = context;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var returns = targetMethod.ReturnType;
        return targetMethod.Name switch
        {
            "get_AwsRequestId" => _context.Invocation.RequestId,
            "get_FunctionName" => _context.FunctionName,
            "get_FunctionVersion" => _context.FunctionVersion,
            "get_InvokedFunctionArn" => _context.Invocation.FunctionArn,
            "get_MemoryLimitInMB" => _context.MemoryLimitInMB,
            "get_LogGroupName" => _context.LogGroupName,
            "get_LogStreamName" => _context.LogStreamName,
            "get_RemainingTime" => _context.RemainingTime,
            "get_TraceId" => _context.Invocation.TraceId,
            "get_Logger" when returns.IsInterface => LoggerProxy.Create(returns),
            "get_Identity" when returns.IsInterface && _context.Invocation.CognitoIdentity is { } identity => ValuesProxy.Create(returns, Flatten(identity)),
            "get_ClientContext" when returns.IsInterface && _context.Invocation.ClientContext is { } clientContext => ValuesProxy.Create(returns, Flatten(clientContext)),
            _ => Defaults.Of(returns),
        };
    }

    /// <summary>The top-level string values of a JSON object, keyed by name in any case, for the identity and client context.</summary>
    private static Dictionary<string, string?> Flatten(string json)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                    values[property.Name] = value;
                    // The header says cognitoIdentityId; AWS's ICognitoIdentity calls it IdentityId.
                    if (property.Name.StartsWith("cognito", StringComparison.OrdinalIgnoreCase))
                    {
                        values[property.Name["cognito".Length..]] = value;
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return values;
    }
}

/// <summary>Implements a logger interface (AWS's <c>ILambdaLogger</c>): every <c>Log…</c> method writes its message to stdout.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a class from this one at run time: it cannot be sealed.
internal class LoggerProxy : DispatchProxy
#pragma warning restore CA1852
{
    public static object Create(Type loggerInterface) => DispatchProxy.Create(loggerInterface, typeof(LoggerProxy));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name.StartsWith("Log", StringComparison.Ordinal) && args is { Length: > 0 })
        {
            var message = args.OfType<string>().LastOrDefault() ?? args[^1]?.ToString() ?? "";
            if (targetMethod.Name == "Log")
            {
                Console.Out.Write(message);
                Console.Out.Flush();
            }
            else
            {
                Console.Out.WriteLine(message);
            }
        }

        return Defaults.Of(targetMethod.ReturnType);
    }
}

/// <summary>Implements an interface of string properties (identity, client context) from a dictionary of values.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a class from this one at run time: it cannot be sealed.
internal class ValuesProxy : DispatchProxy
#pragma warning restore CA1852
{
    private Dictionary<string, string?> _values = [];

    public static object Create(Type valuesInterface, Dictionary<string, string?> values)
    {
        var proxy = (ValuesProxy)DispatchProxy.Create(valuesInterface, typeof(ValuesProxy));
        proxy._values = values;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return targetMethod.Name.StartsWith("get_", StringComparison.Ordinal)
            && targetMethod.ReturnType == typeof(string)
            && _values.TryGetValue(targetMethod.Name[4..], out var value)
                ? value
                : Defaults.Of(targetMethod.ReturnType);
    }
}

/// <summary>The default value of a type, for members a proxy does not know.</summary>
internal static class Defaults
{
    public static object? Of(Type type) => type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null;
}
