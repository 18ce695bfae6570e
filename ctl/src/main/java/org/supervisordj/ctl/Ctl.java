package org.supervisordj.ctl; public final class Ctl { public static void main(String[] a){ System.out.println("ctl"); } }
