using System.Reflection;

namespace Kumo.Runtime.Dotnet;

/// <summary>
/// A class-library handler: a public method taking the input (or nothing) and optionally a context, and
/// returning a value, nothing, or a <see cref="Task"/> of either. Instance methods run on one instance, made at init.
/// </summary>
internal sealed class ClassLibraryHandler
{
    private readonly MethodInfo _method;
    private readonly object? _instance;
    private readonly PayloadSerializer _serializer;
    private readonly Type? _inputType;
    private readonly Type? _contextType;
    private readonly Type _resultType;

    private ClassLibraryHandler(MethodInfo method, object? instance)
    {
        _method = method;
        _instance = instance;
        _serializer = PayloadSerializer.For(method);
        var parameters = method.GetParameters();
        _inputType = parameters.Length > 0 ? parameters[0].ParameterType : null;
        _contextType = parameters.Length > 1 ? parameters[1].ParameterType : null;
        _resultType = ResultTypeOf(method.ReturnType);
    }

    public static ClassLibraryHandler Load(HandlerName name, string taskRoot)
    {
        var path = Path.Combine(taskRoot, name.Assembly + ".dll");
        if (!File.Exists(path))
        {
            throw new HandlerLoadException("Runtime.ImportModuleError", $"Could not find the handler assembly '{name.Assembly}.dll' in {taskRoot}: it must sit at the root of the package");
        }

        var assembly = new FunctionLoadContext(path).LoadFromAssemblyPath(path);
        var type = assembly.GetType(name.Type!)
            ?? throw new HandlerLoadException("Runtime.HandlerNotFound", $"Unable to find type '{name.Type}' in assembly '{name.Assembly}'");
        return For(type, name.Method!);
    }

    /// <summary>The handler <paramref name="methodName"/> of a type already loaded: the function's, or the stem cell's warm-up.</summary>
    public static ClassLibraryHandler For(Type type, string methodName)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name == methodName)
            .ToList();
        var method = candidates.Count switch
        {
            0 => throw new HandlerLoadException("Runtime.HandlerNotFound", $"Unable to find public method '{methodName}' on type '{type.FullName}'"),
            1 => candidates[0],
            _ => throw new HandlerLoadException("Runtime.HandlerNotFound", $"The method '{methodName}' on type '{type.FullName}' is overloaded: give the handler a name of its own"),
        };
        var parameters = method.GetParameters();
        if (parameters.Length > 2)
        {
            throw new HandlerLoadException("Runtime.HandlerNotFound", $"The handler '{methodName}' takes {parameters.Length} parameters; a handler takes the input and, optionally, a context");
        }

        if (parameters.Length == 2 && !parameters[1].ParameterType.IsInterface)
        {
            throw new HandlerLoadException("Runtime.HandlerNotFound", $"The handler's second parameter must be a context interface such as ILambdaContext, not {parameters[1].ParameterType.FullName}");
        }

        var instance = method.IsStatic ? null : Activator.CreateInstance(type);
        return new ClassLibraryHandler(method, instance);
    }

    /// <summary>Runs the handler for one invocation; returns the response body (empty for handlers that return nothing).</summary>
    public async Task<byte[]> InvokeAsync(NextInvocation invocation)
    {
        var arguments = new object?[_method.GetParameters().Length];
        if (_inputType is not null)
        {
            try
            {
                arguments[0] = _inputType == typeof(Stream) ? new MemoryStream(invocation.Payload, writable: false) : _serializer.Deserialize(invocation.Payload, _inputType);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new RuntimeErrorException("Runtime.UnmarshalError", $"Unable to unmarshal input: {Innermost(e).Message}", e);
            }
        }

        if (_contextType is not null)
        {
            arguments[1] = ContextProxy.Create(_contextType, new InvocationContext(invocation));
        }

        var returned = _method.Invoke(_instance, arguments);
        var result = await AwaitAsync(returned);
        if (_resultType == typeof(void))
        {
            return [];
        }

        if (result is Stream stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }

        try
        {
            return _serializer.Serialize(result, _resultType);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RuntimeErrorException("Runtime.MarshalError", $"Unable to marshal response: {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static async Task<object?> AwaitAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult"
                    ? result.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                if (returned?.GetType() is { IsGenericType: true } valueTaskType && valueTaskType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)valueTaskType.GetMethod("AsTask")!.Invoke(returned, null)!;
                    return await AwaitAsync(asTask);
                }

                return returned;
        }
    }

    private static Type ResultTypeOf(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return typeof(void);
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }
}
