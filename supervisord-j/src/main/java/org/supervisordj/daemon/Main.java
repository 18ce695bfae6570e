package org.supervisordj.daemon; public final class Main { public static void main(String[] a){ System.out.println("d"); } }
