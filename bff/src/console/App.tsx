/** The service-window console (placeholder until its screens land). */
export function App() {
  return <main>登记窗口 · 人工核验</main>;
}
