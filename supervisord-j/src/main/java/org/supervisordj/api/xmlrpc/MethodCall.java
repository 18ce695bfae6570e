package org.supervisordj.api.xmlrpc;

import java.util.List;

/**
 * A parsed {@code <methodCall>}.
 *
 * @param methodName the method, e.g. {@code supervisor.startProcess}
 * @param params     the parameters as Java values (see {@link XmlRpcReader} for the mapping)
 */
public record MethodCall(String methodName, List<Object> params) {
}
