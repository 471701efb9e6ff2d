// Images imported by the map components: Vite bundles them and hands back their URL.
declare module '*.png' {
  const url: string;
  export default url;
}
